namespace ChatNetOps.Alerts.Tests.Cards;

using System.Net;
using ChatNetOps.Alerts.Tests.Hosting;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The card follows what people do to the incident, on the real host with its background processor and card refresher
/// running on a clock that does not move (so nothing is refreshed by the periodic pass): closing the incident or
/// deciding its severity updates the card in place at once; a change that finishes is on the card at once.
/// </summary>
public sealed class AlertCardRefreshTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly Actor Bob = new(ChatPlatform.Slack, "U0BOB000002", "Bob Brandt");
    private readonly AlertsHost _host = new() { BackgroundProcessing = true };

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task ClosingTheIncident_InChat_UpdatesItsCardInPlace()
    {
        var (incident, posted) = await FireAsync();

        var outcome = await _host.Services.GetRequiredService<IncidentService>().CloseAsync(Bob, null, incident.Conversations[0], "port3 replaced", CancellationToken.None);
        Assert.IsType<IncidentOutcome.Closed>(outcome);

        var updated = await _host.Slack.WaitForAsync(m => m.Update && m.Message.Texts().Any(t => t.Contains("incident closed", StringComparison.Ordinal)), Patience);
        Assert.Equal(posted.MessageId, updated.MessageId);
        Assert.Single(_host.Slack.Posts);
    }

    [Fact]
    public async Task ConfirmingTheProposedSeverity_UpdatesTheCardInPlace()
    {
        var (incident, posted) = await FireAsync();
        Assert.StartsWith("1 proposed by", posted.Message.Fact("Severity"), StringComparison.Ordinal);

        var outcome = await _host.Services.GetRequiredService<SeverityService>().DecideAsync(
            incident.Id, incident.PendingSeverity!.Hash, true, Bob, null, incident.Conversations[0], CancellationToken.None);
        Assert.IsType<SeverityOutcome.Confirmed>(outcome);

        var updated = await _host.Slack.WaitForAsync(m => m.Update && m.Message.Fact("Severity").StartsWith("1, confirmed by Bob Brandt", StringComparison.Ordinal), Patience);
        Assert.Equal(posted.MessageId, updated.MessageId);
    }

    [Fact]
    public async Task ChangeThatJustFinished_IsTheDevicesLastChange_OnTheNextRender()
    {
        var (incident, posted) = await FireAsync();
        Assert.Contains(posted.Message.Texts(), t => t.Contains("No state-changing run on these devices", StringComparison.Ordinal));

        // A state-changing run on the device ends, as the worker ends one: its events, then the announcement.
        var services = _host.Services;
        var now = _host.Time.GetUtcNow();
        var carol = new Actor(ChatPlatform.Slack, "U0CAROL0003", "Carol Castillo");
        var run = new RunRequest("R-0FRESH01", "interface-shutdown", "1", RunbookMode.StateChanging, new Dictionary<string, string> { ["interface"] = "port3" },
            ["fw-edge-01"], carol, incident.Conversations[0], incident.Id, RequestStatus.Succeeded, now)
        {
            ApprovalHash = "h",
            UpdatedAt = now,
            Decision = new Decision(Bob, now, true, null, "h"),
        };
        var audit = services.GetRequiredService<IAuditLog>();
        await audit.AppendAsync(new AuditEntry(AuditKind.Requested, carol)
        {
            RequestId = run.Id, Runbook = run.Runbook, Device = "fw-edge-01", Incident = incident.Id,
            Details = new Dictionary<string, string> { ["mode"] = "StateChanging", ["targets"] = "fw-edge-01" },
        }, CancellationToken.None);
        var journal = services.GetRequiredService<RequestJournal>();
        await journal.RecordAsync(AuditKind.Approved, Bob, run, "fw-edge-01", new Dictionary<string, string>(), CancellationToken.None);
        await journal.RecordAsync(AuditKind.Succeeded, Actor.System, run, "fw-edge-01", new Dictionary<string, string>(), CancellationToken.None);
        await journal.AnnounceAsync(run, CancellationToken.None);

        var stored = (await _host.IncidentAsync(incident.Id))!;
        var card = await services.GetRequiredService<Alerts.Cards.AlertCardNotifier>().RenderAsync(stored, CancellationToken.None);
        var change = card.Fact("fw-edge-01");
        Assert.StartsWith("interface-shutdown · succeeded ", change, StringComparison.Ordinal);
        Assert.EndsWith("asked by Carol Castillo, approved by Bob Brandt (R-0FRESH01)", change, StringComparison.Ordinal);
    }

    private async Task<(Incident Incident, RecordingChannel.Sent Posted)> FireAsync()
    {
        using var client = _host.CreateClient();
        using var response = await client.SendAsync(Signed.Alertmanager(new AlertmanagerBody().Firing("f1", _host.Time.GetUtcNow(), "fw-edge-01").Build()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var posted = await _host.Slack.WaitForAsync(m => !m.Update, Patience);
        var incident = Assert.Single(await _host.OpenIncidentsAsync());
        return (incident, posted);
    }
}
