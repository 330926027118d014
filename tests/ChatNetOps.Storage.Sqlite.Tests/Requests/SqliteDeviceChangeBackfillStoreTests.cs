namespace ChatNetOps.Storage.Sqlite.Tests.Requests;

using ChatNetOps.Core.Requests;
using ChatNetOps.Storage.Sqlite.Requests;
using ChatNetOps.Storage.Sqlite.Tests.Database;
using ChatNetOps.Testing.Requests;
using Microsoft.Extensions.Time.Testing;

/// <summary>Each store opens the file on its own (its own writer and readers), as separate bot processes would.</summary>
public sealed class SqliteDeviceChangeBackfillStoreTests : DeviceChangeBackfillStoreContract, IDisposable
{
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    protected override Task<IReadOnlyList<IDeviceChangeBackfillStore>> CreateStoresAsync(FakeTimeProvider time, int count) =>
        Task.FromResult<IReadOnlyList<IDeviceChangeBackfillStore>>([.. Enumerable.Range(0, count).Select(_ => new SqliteDeviceChangeBackfillStore(_file.Open(time)))]);
}
