namespace ChatNetOps.Storage.Sqlite.Channels;

using ChatNetOps.Core;
using ChatNetOps.Core.Channels;
using ChatNetOps.Storage.Sqlite.Database;

/// <summary>One row per request; a save replaces the row.</summary>
internal sealed class SqliteRequestCardStore(SqliteDatabase database) : IRequestCardStore
{
    private const string UpsertSql = """
        INSERT INTO request_cards (request_id, json) VALUES ($request, $json)
        ON CONFLICT (request_id) DO UPDATE SET json = excluded.json;
        """;

    private const string GetSql = "SELECT json FROM request_cards WHERE request_id = $request;";

    public async Task SaveAsync(RequestCard card, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(card);
        var json = SqliteValues.Serialize(card, CoreJsonContext.Default.RequestCard);
        await database.WriteAsync(
            connection => connection.Command(UpsertSql).With("$request", card.RequestId).With("$json", json).ExecuteNonQuery(),
            cancellationToken);
    }

    public Task<RequestCard?> GetAsync(string requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        using var reader = lease.Command(GetSql).With("$request", requestId).ExecuteReader();
        return Task.FromResult(reader.Read() ? SqliteValues.Deserialize(reader, 0, CoreJsonContext.Default.RequestCard) : null);
    }
}
