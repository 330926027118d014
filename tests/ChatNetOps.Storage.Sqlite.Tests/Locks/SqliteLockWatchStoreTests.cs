namespace ChatNetOps.Storage.Sqlite.Tests.Locks;

using ChatNetOps.Core.Locks;
using ChatNetOps.Storage.Sqlite.Locks;
using ChatNetOps.Storage.Sqlite.Tests.Database;
using ChatNetOps.Testing.Locks;
using Microsoft.Extensions.Time.Testing;

public sealed class SqliteLockWatchStoreTests : LockWatchStoreContract, IDisposable
{
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    protected override Task<ILockWatchStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<ILockWatchStore>(new SqliteLockWatchStore(_file.Open(time)));
}
