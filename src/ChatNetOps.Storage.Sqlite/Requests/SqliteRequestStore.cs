namespace ChatNetOps.Storage.Sqlite.Requests;

using ChatNetOps.Core;
using ChatNetOps.Core.Requests;
using ChatNetOps.Storage.Sqlite.Database;

/// <summary>Requests as JSON documents with an integer row version as ETag; replace is <c>UPDATE ... WHERE version = ?</c>.</summary>
internal sealed class SqliteRequestStore(SqliteDatabase database) : IRequestStore
{
    private const string InsertSql = """
        INSERT INTO requests (id, version, status, incident, created_at, json)
        VALUES ($id, 1, $status, $incident, $created, $json)
        ON CONFLICT (id) DO NOTHING;
        """;

    private const string ReplaceSql = """
        UPDATE requests SET version = version + 1, status = $status, incident = $incident, json = $json
        WHERE id = $id AND version = $version
        RETURNING version;
        """;

    private const string GetSql = "SELECT version, json FROM requests WHERE id = $id;";

    private const string ByStatusSql = "SELECT version, json FROM requests WHERE status = $status ORDER BY created_at, id LIMIT $max;";

    private const string ByIncidentSql = "SELECT version, json FROM requests WHERE incident = $incident ORDER BY created_at, id;";

    public async Task<RunRequest> CreateAsync(RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var json = SqliteValues.Serialize(request with { ETag = null }, CoreJsonContext.Default.RunRequest);
        var inserted = await database.WriteAsync(
            c => c.Command(InsertSql)
                .With("$id", request.Id)
                .With("$status", request.Status.ToString())
                .With("$incident", request.Incident)
                .With("$created", SqliteValues.Ticks(request.CreatedAt))
                .With("$json", json)
                .ExecuteNonQuery(),
            cancellationToken);
        if (inserted == 0)
        {
            throw new InvalidOperationException($"A request with id '{request.Id}' already exists; request ids must be unique.");
        }

        return request with { ETag = SqliteValues.ETag(1) };
    }

    public Task<RunRequest?> GetAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        using var reader = lease.Command(GetSql).With("$id", id).ExecuteReader();
        return Task.FromResult(reader.Read() ? ReadRequest(reader) : null);
    }

    public async Task<RunRequest?> TryReplaceAsync(RunRequest updated, string expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        if (!SqliteValues.TryParseETag(expectedETag, out var version))
        {
            return null;
        }

        var json = SqliteValues.Serialize(updated with { ETag = null }, CoreJsonContext.Default.RunRequest);
        var newVersion = await database.WriteAsync(
            c => c.Command(ReplaceSql)
                .With("$id", updated.Id)
                .With("$version", version)
                .With("$status", updated.Status.ToString())
                .With("$incident", updated.Incident)
                .With("$json", json)
                .ExecuteScalar(),
            cancellationToken);
        return newVersion is long v ? updated with { ETag = SqliteValues.ETag(v) } : null;
    }

    public Task<IReadOnlyList<RunRequest>> ListByStatusAsync(RequestStatus status, int max, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        var command = lease.Command(ByStatusSql).With("$status", status.ToString()).With("$max", Math.Max(0, max));
        return Task.FromResult<IReadOnlyList<RunRequest>>(ReadAll(command));
    }

    public Task<IReadOnlyList<RunRequest>> ListByIncidentAsync(string incident, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var lease = database.Read();
        return Task.FromResult<IReadOnlyList<RunRequest>>(ReadAll(lease.Command(ByIncidentSql).With("$incident", incident)));
    }

    private static List<RunRequest> ReadAll(Microsoft.Data.Sqlite.SqliteCommand command)
    {
        var results = new List<RunRequest>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            results.Add(ReadRequest(reader));
        }

        return results;
    }

    private static RunRequest ReadRequest(Microsoft.Data.Sqlite.SqliteDataReader reader) =>
        SqliteValues.Deserialize(reader, 1, CoreJsonContext.Default.RunRequest) with { ETag = SqliteValues.ETag(reader.GetInt64(0)) };
}
