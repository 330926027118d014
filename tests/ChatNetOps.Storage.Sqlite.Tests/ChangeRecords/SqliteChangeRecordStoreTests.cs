namespace ChatNetOps.Storage.Sqlite.Tests.ChangeRecords;

using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Storage.Sqlite.ChangeRecords;
using ChatNetOps.Storage.Sqlite.Tests.Database;
using ChatNetOps.Testing.ChangeRecords;
using Microsoft.Extensions.Time.Testing;

public sealed class SqliteChangeRecordStoreTests : ChangeRecordStoreContract, IDisposable
{
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    protected override Task<IChangeRecordStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IChangeRecordStore>(new SqliteChangeRecordStore(_file.Open(time)));
}
