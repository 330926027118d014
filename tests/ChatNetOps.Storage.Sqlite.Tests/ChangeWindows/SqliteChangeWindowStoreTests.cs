namespace ChatNetOps.Storage.Sqlite.Tests.ChangeWindows;

using ChatNetOps.Core.ChangeWindows;
using ChatNetOps.Storage.Sqlite.ChangeWindows;
using ChatNetOps.Storage.Sqlite.Tests.Database;
using ChatNetOps.Testing.ChangeWindows;
using Microsoft.Extensions.Time.Testing;

public sealed class SqliteChangeWindowStoreTests : ChangeWindowStoreContract, IDisposable
{
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    protected override Task<IChangeWindowStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IChangeWindowStore>(new SqliteChangeWindowStore(_file.Open(time)));
}
