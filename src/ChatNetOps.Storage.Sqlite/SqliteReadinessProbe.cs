namespace ChatNetOps.Storage.Sqlite;

using ChatNetOps.Core.Health;

/// <summary>/readyz: the embedded stores and queues live in one SQLite file; ready when it answers.</summary>
public sealed class SqliteReadinessProbe(SqliteHealth health) : IReadinessProbe
{
    public string Name => "sqlite";

    public async Task<string?> CheckAsync(CancellationToken cancellationToken) =>
        await health.PingAsync(cancellationToken) ? null : "the SQLite database does not answer or its schema is outdated";
}
