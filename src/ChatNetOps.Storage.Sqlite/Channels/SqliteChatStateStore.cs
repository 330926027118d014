namespace ChatNetOps.Storage.Sqlite.Channels;

using ChatNetOps.Core.Channels;
using ChatNetOps.Storage.Sqlite.Database;

/// <summary>
/// One row per key in <c>chat_state</c>. An add is one conditional upsert (insert, or overwrite a row whose expiry
/// has passed) inside the writer's <c>BEGIN IMMEDIATE</c> transaction, so exactly one of any number of writers, in
/// this process or another sharing the file, gets the key. Each add also deletes up to <see cref="PruneBatch"/>
/// expired rows (bounded work per call; the table never holds many more rows than live entries).
/// </summary>
internal sealed class SqliteChatStateStore(SqliteDatabase database) : IChatStateStore
{
    /// <summary>Expired rows each add deletes at most: more than the one row it may insert, so the table shrinks.</summary>
    internal const int PruneBatch = 8;

    private const string PruneSql = """
        DELETE FROM chat_state WHERE key IN (
            SELECT key FROM chat_state WHERE expires_at <= $now ORDER BY expires_at LIMIT $limit);
        """;

    private const string TryAddSql = """
        INSERT INTO chat_state (key, value, expires_at) VALUES ($key, $value, $expires)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
            WHERE chat_state.expires_at <= $now;
        """;

    private const string GetSql = "SELECT value FROM chat_state WHERE key = $key AND expires_at > $now;";

    public Task<bool> TryAddAsync(string key, string value, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        var expires = SqliteValues.Ticks(expiresAt);
        return database.WriteAsync(
            connection =>
            {
                // Read the clock inside the transaction: the comparison holds at the moment the write lock is held.
                var now = SqliteValues.Ticks(database.Time.GetUtcNow());
                connection.Command(PruneSql).With("$now", now).With("$limit", PruneBatch).ExecuteNonQuery();
                return connection.Command(TryAddSql)
                    .With("$key", key)
                    .With("$value", value)
                    .With("$expires", expires)
                    .With("$now", now)
                    .ExecuteNonQuery() == 1;
            },
            cancellationToken);
    }

    public Task<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        using var reader = lease.Command(GetSql).With("$key", key).With("$now", SqliteValues.Ticks(database.Time.GetUtcNow())).ExecuteReader();
        return Task.FromResult(reader.Read() ? reader.GetString(0) : null);
    }
}
