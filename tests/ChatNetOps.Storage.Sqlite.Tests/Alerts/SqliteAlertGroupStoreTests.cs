namespace ChatNetOps.Storage.Sqlite.Tests.Alerts;

using ChatNetOps.Core.Alerts;
using ChatNetOps.Storage.Sqlite.Alerts;
using ChatNetOps.Storage.Sqlite.Tests.Database;
using ChatNetOps.Testing.Alerts;
using Microsoft.Extensions.Time.Testing;

public sealed class SqliteAlertGroupStoreTests : AlertGroupStoreContract, IDisposable
{
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    protected override Task<IAlertGroupStore> CreateStoreAsync(FakeTimeProvider time) => Task.FromResult<IAlertGroupStore>(new SqliteAlertGroupStore(_file.Open(time)));
}
