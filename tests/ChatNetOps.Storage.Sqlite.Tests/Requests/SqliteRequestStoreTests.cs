namespace ChatNetOps.Storage.Sqlite.Tests.Requests;

using ChatNetOps.Core.Requests;
using ChatNetOps.Storage.Sqlite.Requests;
using ChatNetOps.Storage.Sqlite.Tests.Database;
using ChatNetOps.Testing.Requests;
using Microsoft.Extensions.Time.Testing;

public sealed class SqliteRequestStoreTests : RequestStoreContract, IDisposable
{
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    protected override Task<IRequestStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IRequestStore>(new SqliteRequestStore(_file.Open(time)));
}
