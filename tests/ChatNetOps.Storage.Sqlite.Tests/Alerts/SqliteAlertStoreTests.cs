namespace ChatNetOps.Storage.Sqlite.Tests.Alerts;

using ChatNetOps.Core.Alerts;
using ChatNetOps.Storage.Sqlite.Alerts;
using ChatNetOps.Storage.Sqlite.Tests.Database;
using ChatNetOps.Testing;
using ChatNetOps.Testing.Alerts;
using Microsoft.Extensions.Time.Testing;

public sealed class SqliteAlertStoreTests : AlertStoreContract, IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Recorded_SurvivesReopeningTheFile_StillPendingAndStillADuplicate()
    {
        var time = TestData.Clock();
        await new SqliteAlertStore(_file.Open(time)).RecordAsync(Notification("n-1", time.GetUtcNow()), Ct);

        var reopened = new SqliteAlertStore(_file.Open(time));

        Assert.Equal("n-1", Assert.Single(await reopened.ListPendingAsync(10, Ct)).Id);
        Assert.False(await reopened.RecordAsync(Notification("n-1", time.GetUtcNow()), Ct));
    }

    [Fact]
    public async Task Open_AVersion4File_AddsTheAlertTables()
    {
        var time = TestData.Clock();
        _file.Open(time);
        using (var raw = _file.OpenRaw())
        using (var downgrade = raw.CreateCommand())
        {
            // What a file written before schema version 5 looks like.
            downgrade.CommandText = "DROP TABLE alert_notifications; DROP TABLE alert_groups; PRAGMA user_version = 5;";
            downgrade.ExecuteNonQuery();
        }

        var reopened = new SqliteAlertStore(_file.Open(time));

        Assert.True(await reopened.RecordAsync(Notification("n-1", time.GetUtcNow()), Ct));
        Assert.NotNull(await new SqliteAlertGroupStore(_file.Open(time)).TryCreateAsync(new AlertGroup(AlertSource.Alertmanager, "g", "default", time.GetUtcNow()), Ct));
        using var check = _file.OpenRaw();
        using var version = check.CreateCommand();
        version.CommandText = "PRAGMA user_version;";
        Assert.Equal(11L, version.ExecuteScalar());
    }

    protected override Task<IAlertStore> CreateStoreAsync(FakeTimeProvider time) => Task.FromResult<IAlertStore>(new SqliteAlertStore(_file.Open(time)));
}
