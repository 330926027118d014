namespace ChatNetOps.Storage.Sqlite.Tests.Locks;

using ChatNetOps.Core.Locks;
using ChatNetOps.Storage.Sqlite.Locks;
using ChatNetOps.Storage.Sqlite.Tests.Database;
using ChatNetOps.Testing.Locks;
using Microsoft.Extensions.Time.Testing;

public sealed class SqliteDeviceLockStoreTests : DeviceLockStoreContract, IDisposable
{
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    protected override Task<IDeviceLockStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IDeviceLockStore>(new SqliteDeviceLockStore(_file.Open(time)));
}
