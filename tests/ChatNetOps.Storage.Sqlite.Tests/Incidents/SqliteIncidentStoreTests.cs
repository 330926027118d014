namespace ChatNetOps.Storage.Sqlite.Tests.Incidents;

using ChatNetOps.Core.Incidents;
using ChatNetOps.Storage.Sqlite.Incidents;
using ChatNetOps.Storage.Sqlite.Tests.Database;
using ChatNetOps.Testing.Incidents;
using Microsoft.Extensions.Time.Testing;

public sealed class SqliteIncidentStoreTests : IncidentStoreContract, IDisposable
{
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    protected override Task<IIncidentStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IIncidentStore>(new SqliteIncidentStore(_file.Open(time)));
}
