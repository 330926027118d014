namespace ChatNetOps.Alerts.Tests.Cards;

using System.Net;
using ChatNetOps.Alerts.Tests.Hosting;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Storage.Sqlite;
using ChatNetOps.Testing.Logging;
using ChatNetOps.Testing.Requests;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// A store from before the device-change projection (a schema 9 SQLite file whose changes are only in the audit trail
/// and the request records), opened by the real bot host: in the background after start the projection is filled once,
/// and the alert card shows each device's last change.
/// </summary>
public sealed class DeviceChangeBackfillHostTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatnetops-backfill-" + Guid.NewGuid().ToString("N"));
    private readonly List<AlertsHost> _hosts = [];
    private readonly AlertsHost _host;

    public DeviceChangeBackfillHostTests()
    {
        _host = Host();
    }

    private string DatabasePath => Path.Combine(_directory, "bot.db");

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Version9File_ChangesOnlyInTheAuditTrail_AfterStart_TheAlertCardShowsTheDevicesLastChange()
    {
        await WriteVersion9FileAsync(_host.Time);

        var done = await _host.Services.GetRequiredService<DeviceChangeBackfill>().Completed.WaitAsync(Patience);
        using var client = _host.CreateClient();
        await PostAsync(client, new AlertmanagerBody().Firing("f1", _host.Time.GetUtcNow(), "fw-edge-01"));
        await _host.ProcessAsync();
        await _host.RefreshCardsAsync();

        var card = Assert.Single(_host.Slack.Messages).Message;
        var change = card.Fact("fw-edge-01");
        Assert.StartsWith("interface-shutdown · succeeded ", change, StringComparison.Ordinal);
        Assert.EndsWith("asked by Carol Castillo, approved by Bob Brandt (R-NEW00002)", change, StringComparison.Ordinal);
        Assert.Equal((2L, 0, 0L), (done.Runs, done.BrokenChains, done.Skipped));
        Assert.Equal(11L, UserVersion(DatabasePath));
    }

    [Fact]
    public async Task SecondStart_OnTheSameStore_FindsTheMarker_AndReadsNoAuditEvent()
    {
        await WriteVersion9FileAsync(_host.Time);
        var first = await _host.Services.GetRequiredService<DeviceChangeBackfill>().Completed.WaitAsync(Patience);
        await _host.DisposeAsync();
        SqliteConnection.ClearAllPools();

        var logs = new LogEventSignals();
        var second = Host(services => services.AddSingleton<ILoggerProvider>(logs));
        var again = await second.Services.GetRequiredService<DeviceChangeBackfill>().Completed.WaitAsync(Patience);

        Assert.Equal(first, again);
        await logs.WaitForAsync(1988, first.Owner, Patience);
        Assert.DoesNotContain(logs.Lines, l => l.EventId is 1985 or 1986);
    }

    [Fact]
    public async Task StartUp_AndAlertAnswers_DoNotWaitForTheFill_TheCardShowsTheChangeOnceItIsDone()
    {
        await WriteVersion9FileAsync(_host.Time);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var host = Host(services => GateMarker(services, gate.Task));

        // The fill waits on its marker; the host starts and answers, the card says what the projection holds (nothing yet).
        using var client = host.CreateClient();
        await PostAsync(client, new AlertmanagerBody().Firing("f1", host.Time.GetUtcNow(), "fw-edge-01"));
        await host.ProcessAsync();
        await host.RefreshCardsAsync();
        var backfill = host.Services.GetRequiredService<DeviceChangeBackfill>();
        Assert.False(backfill.Completed.IsCompleted);
        Assert.Contains(Assert.Single(host.Slack.Messages).Message.Texts(), t => t.Contains("No state-changing run on these devices", StringComparison.Ordinal));

        gate.SetResult();
        await backfill.Completed.WaitAsync(Patience);
        var changes = await host.Services.GetRequiredService<IDeviceChangeStore>().GetAsync(["fw-edge-01"], CancellationToken.None);
        Assert.Equal("R-NEW00002", Assert.Single(changes).RequestId);

        // The card already posted shows it on the refresher's next pass, in place.
        Assert.Equal(1, await host.RefreshCardsAsync());
        var updated = host.Slack.Messages.Last();
        Assert.True(updated.Update);
        Assert.EndsWith("asked by Carol Castillo, approved by Bob Brandt (R-NEW00002)", updated.Message.Fact("fw-edge-01"), StringComparison.Ordinal);
    }

    /// <summary>
    /// Writes, before the host starts, the history the removed per-process scan used to read: two changes of fw-edge-01
    /// (the older failed, the newer succeeded) and a newer read-only run, then makes the file a schema 9 one.
    /// </summary>
    private async Task WriteVersion9FileAsync(Microsoft.Extensions.Time.Testing.FakeTimeProvider time)
    {
        Directory.CreateDirectory(_directory);
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<TimeProvider>(time)
            .AddChatNetOpsSqliteStorage(o => o.Path = DatabasePath);
        await using (var provider = services.BuildServiceProvider())
        {
            var history = new ChangeHistory(new AuditTrail(provider.GetRequiredService<IAuditStore>(), time), provider.GetRequiredService<IRequestStore>(), time);
            await history.RunAsync("R-OLD00001", ["fw-edge-01"], RequestStatus.Failed, approver: ChangeHistory.Bob, incident: "INC-1001", failedDevices: ["fw-edge-01"]);
            time.Advance(TimeSpan.FromMinutes(5));
            await history.RunAsync("R-NEW00002", ["fw-edge-01"], RequestStatus.Succeeded, approver: ChangeHistory.Bob, incident: "INC-1001");
            await history.RunAsync("R-READ0003", ["fw-edge-01"], RequestStatus.Succeeded, mode: RunbookMode.ReadOnly, runbook: "interface-counters", incident: "INC-1001");
        }

        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        using var downgrade = connection.CreateCommand();
        downgrade.CommandText = "DROP TABLE alert_card_claims; DROP TABLE device_last_changes; DROP TABLE device_change_backfill; PRAGMA user_version = 9;";
        downgrade.ExecuteNonQuery();
        connection.Close();
        SqliteConnection.ClearAllPools();
        Assert.Equal(9L, UserVersion(DatabasePath));
    }

    /// <summary>A bot host on this test's SQLite file (another replica, or the same bot restarted).</summary>
    private AlertsHost Host(Action<IServiceCollection>? replace = null)
    {
        var host = new AlertsHost { ReplaceServices = replace };
        host.Settings["Storage:Sqlite:Path"] = DatabasePath;
        _hosts.Add(host);
        return host;
    }

    private static long UserVersion(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The storage's marker store, held shut until <paramref name="open"/> completes.</summary>
    private static void GateMarker(IServiceCollection services, Task open)
    {
        var existing = services.Last(d => d.ServiceType == typeof(IDeviceChangeBackfillStore));
        services.Remove(existing);
        services.AddSingleton<IDeviceChangeBackfillStore>(sp => new GatedMarker(
            (IDeviceChangeBackfillStore)(existing.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, existing.ImplementationType!)), open));
    }

    private static async Task PostAsync(HttpClient client, AlertmanagerBody body)
    {
        using var response = await client.SendAsync(Signed.Alertmanager(body.Build()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private sealed class GatedMarker(IDeviceChangeBackfillStore inner, Task open) : IDeviceChangeBackfillStore
    {
        public async Task<DeviceChangeBackfillState?> GetAsync(CancellationToken cancellationToken)
        {
            await open.WaitAsync(cancellationToken);
            return await inner.GetAsync(cancellationToken);
        }

        public Task<bool> TryClaimAsync(string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken) =>
            inner.TryClaimAsync(owner, now, until, cancellationToken);

        public Task CompleteAsync(DeviceChangeBackfillState done, CancellationToken cancellationToken) => inner.CompleteAsync(done, cancellationToken);
    }
}
