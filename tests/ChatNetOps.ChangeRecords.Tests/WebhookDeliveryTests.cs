namespace ChatNetOps.ChangeRecords.Tests;

using System.Text.Json.Nodes;
using ChatNetOps.ChangeRecords.Tests.StandIns;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Testing;

public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cno-hook-" + Guid.NewGuid().ToString("N"));
    private readonly CollectingLoggerProvider _logs = new();
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _receiver = await WebhookReceiver.StartAsync(Secret);
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private ChangeRecordsHarness Start(Microsoft.Extensions.Time.Testing.FakeTimeProvider time, string secret) => new(
        Path.Combine(_directory, "chatnetops.db"),
        time,
        new Dictionary<string, string?>
        {
            ["ChangeRecords:Sink"] = "Webhook",
            ["ChangeRecords:Webhook:Url"] = _receiver.Url.ToString(),
            ["ChangeRecords:Webhook:Secret"] = secret,
        },
        _logs);

    [Fact]
    public async Task EachEvent_IsPostedSigned_WithTheAuditEventIdAsWebhookId_InOrder()
    {
        // The receiver checks the timestamp against its real clock, so this run's clock starts now.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var host = Start(time, Secret);
        await host.OpenIncidentAsync("INC-6001");
        var approved = await host.RecordAsync("INC-6001", AuditKind.Approved, "shut-interface", "ams1-sw02");

        await host.DrainAsync();

        var accepted = _receiver.Accepted.ToArray();
        Assert.Equal(["INC-6001:0000000001", approved.Id], accepted.Select(a => a.Id));
        var body = JsonNode.Parse(accepted[1].Body)!;
        Assert.Equal("incident.approved", body["type"]!.GetValue<string>());
        Assert.Equal(approved.Hash, body["data"]!["hash"]!.GetValue<string>());
        Assert.Equal(0, _receiver.Rejected);
    }

    [Fact]
    public async Task WrongSecret_TheReceiverRefuses_AndTheEventIsDeadLettered()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var host = Start(time, "whsec_" + Convert.ToBase64String(new byte[32]));
        await host.OpenIncidentAsync("INC-6002");

        await host.DrainAsync();

        Assert.Equal(1, _receiver.Rejected);
        var dead = Assert.Single(await host.Store.ListAsync(OutboxState.Dead, 10, CancellationToken.None));
        Assert.Contains("401", dead.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventsRecordedWhileNoSinkWasConfigured_AreNamedAsNotSent_AndTheNextStartWithTheSinkSendsThem_EvenAfterTheClose()
    {
        // Before: a console without ChangeRecords__… expired a request and closed the incident; the card and the export
        // said "Webhook: all events sent", and the next start with the sink did not catch up (the incident was closed).
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using (var first = Start(time, Secret))
        {
            await first.OpenIncidentAsync("INC-6003");
            await first.RecordAsync("INC-6003", AuditKind.Approved, "shut-interface", "ams1-sw02");
            await first.DrainAsync();
            Assert.Equal("Webhook: all events sent", await StatusAsync(first, "INC-6003"));
        }

        await using (var unconfigured = new ChangeRecordsHarness(Path.Combine(_directory, "chatnetops.db"), time, new Dictionary<string, string?>(), _logs))
        {
            await unconfigured.RecordAsync("INC-6003", AuditKind.Expired, "shut-interface", "ams1-sw02");
            await unconfigured.RecordAsync("INC-6003", AuditKind.RolledBack); // not a kind the ticket receives
            await unconfigured.RecordAsync("INC-6003", AuditKind.IncidentClosed);
            var open = (await unconfigured.Incidents.GetAsync("INC-6003", CancellationToken.None))!;
            Assert.NotNull(await unconfigured.Incidents.TryReplaceAsync(open with { State = Core.Incidents.IncidentState.Closed, ClosedAt = time.GetUtcNow() }, open.ETag!, CancellationToken.None));

            var status = await StatusAsync(unconfigured, "INC-6003");
            Assert.DoesNotContain("all events sent", status, StringComparison.Ordinal);
            Assert.Equal(
                "Webhook: pending (2 event(s) not sent: Expired #3, IncidentClosed #5; recorded while no change-record sink was configured, "
                + "they are sent when the bot or 'chatnetops chat' next starts with ChangeRecords:Sink=Webhook)",
                status);
        }

        await using var again = Start(time, Secret);
        Assert.Equal(2, await again.Dispatcher.CatchUpAsync(CancellationToken.None));
        Assert.Equal(0, await again.Dispatcher.CatchUpAsync(CancellationToken.None)); // idempotent
        await again.DrainAsync();

        Assert.Equal(["INC-6003:0000000001", "INC-6003:0000000002", "INC-6003:0000000003", "INC-6003:0000000005"], _receiver.Accepted.Select(a => a.Id));
        Assert.Equal("Webhook: all events sent", await StatusAsync(again, "INC-6003"));
    }

    private static Task<string?> StatusAsync(ChangeRecordsHarness host, string incident) =>
        ChangeRecordStatus.DescribeAsync(host.Store, host.Audit, ChangeRecordOptions.DefaultEvents.ToHashSet(), incident, CancellationToken.None);
}
