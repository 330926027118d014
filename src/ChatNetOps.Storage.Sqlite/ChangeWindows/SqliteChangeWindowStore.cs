namespace ChatNetOps.Storage.Sqlite.ChangeWindows;

using ChatNetOps.Core;
using ChatNetOps.Core.ChangeWindows;
using ChatNetOps.Core.Policy;
using ChatNetOps.Storage.Sqlite.Database;
using Microsoft.Data.Sqlite;

/// <summary>Change windows as JSON documents with a row version, indexed by the conversation they are bound to.</summary>
internal sealed class SqliteChangeWindowStore(SqliteDatabase database) : IChangeWindowStore
{
    private const string InsertSql = """
        INSERT INTO change_windows (id, version, state, platform, conversation_id, opened_at, starts_at, json)
        VALUES ($id, 1, $state, $platform, $conversation, $opened, $starts, $json)
        ON CONFLICT (id) DO NOTHING;
        """;

    private const string ReplaceSql = """
        UPDATE change_windows SET version = version + 1, state = $state, starts_at = $starts, json = $json
        WHERE id = $id AND version = $version
        RETURNING version;
        """;

    private const string GetSql = "SELECT version, json FROM change_windows WHERE id = $id;";

    private const string LatestSql = """
        SELECT version, json FROM change_windows WHERE platform = $platform AND conversation_id = $conversation
        ORDER BY opened_at DESC, id DESC
        LIMIT 1;
        """;

    private const string ActiveSql = "SELECT version, json FROM change_windows WHERE state = 'Active' ORDER BY starts_at, id;";

    private const string RecentSql = "SELECT version, json FROM change_windows ORDER BY opened_at DESC, id DESC LIMIT $limit;";

    public async Task<ChangeWindow?> TryCreateAsync(ChangeWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var json = SqliteValues.Serialize(window with { ETag = null }, CoreJsonContext.Default.ChangeWindow);
        return await database.WriteAsync<ChangeWindow?>(
            connection => connection.Command(InsertSql)
                .With("$id", window.Id)
                .With("$state", State(window))
                .With("$platform", window.Conversation.Platform.ToString())
                .With("$conversation", window.Conversation.ConversationId)
                .With("$opened", SqliteValues.Ticks(window.OpenedAt))
                .With("$starts", SqliteValues.Ticks(window.Start))
                .With("$json", json)
                .ExecuteNonQuery() == 0 ? null : window with { ETag = SqliteValues.ETag(1) },
            cancellationToken);
    }

    public Task<ChangeWindow?> GetAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        return Task.FromResult(ReadOne(lease.Command(GetSql).With("$id", id)));
    }

    public async Task<ChangeWindow?> TryReplaceAsync(ChangeWindow updated, string expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        if (!SqliteValues.TryParseETag(expectedETag, out var version))
        {
            return null;
        }

        var json = SqliteValues.Serialize(updated with { ETag = null }, CoreJsonContext.Default.ChangeWindow);
        return await database.WriteAsync<ChangeWindow?>(
            connection => connection.Command(ReplaceSql)
                .With("$id", updated.Id)
                .With("$version", version)
                .With("$state", State(updated))
                .With("$starts", SqliteValues.Ticks(updated.Start))
                .With("$json", json)
                .ExecuteScalar() is long newVersion ? updated with { ETag = SqliteValues.ETag(newVersion) } : null,
            cancellationToken);
    }

    public Task<ChangeWindow?> FindLatestByConversationAsync(ChatPlatform platform, string conversationId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        return Task.FromResult(ReadOne(lease.Command(LatestSql).With("$platform", platform.ToString()).With("$conversation", conversationId)));
    }

    public Task<IReadOnlyList<ChangeWindow>> ListActiveAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        return Task.FromResult<IReadOnlyList<ChangeWindow>>(ReadAll(lease.Command(ActiveSql)));
    }

    public Task<IReadOnlyList<ChangeWindow>> ListRecentAsync(int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        return Task.FromResult<IReadOnlyList<ChangeWindow>>(ReadAll(lease.Command(RecentSql).With("$limit", Math.Clamp(limit, 1, 500))));
    }

    /// <summary>Active until it is recorded closed (at its end, closed, or rejected).</summary>
    private static string State(ChangeWindow window) => window.ClosedAt is null ? "Active" : "Closed";

    private static ChangeWindow? ReadOne(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    private static List<ChangeWindow> ReadAll(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var windows = new List<ChangeWindow>();
        while (reader.Read())
        {
            windows.Add(Read(reader));
        }

        return windows;
    }

    private static ChangeWindow Read(SqliteDataReader reader) =>
        SqliteValues.Deserialize(reader, 1, CoreJsonContext.Default.ChangeWindow) with { ETag = SqliteValues.ETag(reader.GetInt64(0)) };
}
