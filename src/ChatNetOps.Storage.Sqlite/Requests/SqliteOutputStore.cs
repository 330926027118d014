namespace ChatNetOps.Storage.Sqlite.Requests;

using ChatNetOps.Core;
using ChatNetOps.Core.Requests;
using ChatNetOps.Storage.Sqlite.Database;

/// <summary>Redacted outputs, one per (request, device); saving a device's output again replaces it.</summary>
internal sealed class SqliteOutputStore(SqliteDatabase database) : IOutputStore
{
    private const string UpsertSql = """
        INSERT INTO outputs (request_id, device, json) VALUES ($request, $device, $json)
        ON CONFLICT (request_id, device) DO UPDATE SET json = excluded.json;
        """;

    private const string GetSql = "SELECT json FROM outputs WHERE request_id = $request ORDER BY rowid;";

    public async Task SaveAsync(StoredOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var json = SqliteValues.Serialize(output, CoreJsonContext.Default.StoredOutput);
        await database.WriteAsync(
            c => c.Command(UpsertSql)
                .With("$request", output.RequestId)
                .With("$device", output.Device)
                .With("$json", json)
                .ExecuteNonQuery(),
            cancellationToken);
    }

    public Task<IReadOnlyList<StoredOutput>> GetAsync(string requestId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        using var reader = lease.Command(GetSql).With("$request", requestId).ExecuteReader();
        var results = new List<StoredOutput>();
        while (reader.Read())
        {
            results.Add(SqliteValues.Deserialize(reader, 0, CoreJsonContext.Default.StoredOutput));
        }

        return Task.FromResult<IReadOnlyList<StoredOutput>>(results);
    }
}
