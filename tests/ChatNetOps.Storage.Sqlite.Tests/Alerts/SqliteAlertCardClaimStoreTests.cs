namespace ChatNetOps.Storage.Sqlite.Tests.Alerts;

using ChatNetOps.Core.Alerts;
using ChatNetOps.Storage.Sqlite.Alerts;
using ChatNetOps.Storage.Sqlite.Tests.Database;
using ChatNetOps.Testing.Alerts;
using Microsoft.Extensions.Time.Testing;

/// <summary>Each store opens the file on its own (its own writer and readers), as separate bot processes would.</summary>
public sealed class SqliteAlertCardClaimStoreTests : AlertCardClaimStoreContract, IDisposable
{
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    protected override Task<IReadOnlyList<IAlertCardClaimStore>> CreateStoresAsync(FakeTimeProvider time, int count) =>
        Task.FromResult<IReadOnlyList<IAlertCardClaimStore>>([.. Enumerable.Range(0, count).Select(_ => new SqliteAlertCardClaimStore(_file.Open(time)))]);
}
