namespace ChatNetOps.Storage.Sqlite.Tests.Requests;

using ChatNetOps.Storage.Sqlite.Audit;
using ChatNetOps.Storage.Sqlite.Requests;
using ChatNetOps.Storage.Sqlite.Tests.Database;
using ChatNetOps.Testing.Requests;
using Microsoft.Extensions.Time.Testing;

/// <summary>The fill on one SQLite file; each replica opens the file on its own, as separate bot processes would.</summary>
public sealed class SqliteDeviceChangeBackfillTests : DeviceChangeBackfillContract, IDisposable
{
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    protected override Task<IReadOnlyList<Replica>> CreateReplicasAsync(FakeTimeProvider time, int count) =>
        Task.FromResult<IReadOnlyList<Replica>>([.. Enumerable.Range(0, count).Select(_ =>
        {
            var database = _file.Open(time);
            return new Replica(new SqliteAuditStore(database), new SqliteRequestStore(database), new SqliteDeviceChangeStore(database), new SqliteDeviceChangeBackfillStore(database));
        })]);
}
