namespace ChatNetOps.Alerts.Tests.Processing;

using System.Net;
using ChatNetOps.Alerts.Tests.Hosting;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The record of an incident an alert opened, as <c>chatnetops incident export</c> and the chat's <c>timeline</c> build it
/// (<see cref="IncidentTimelineBuilder"/>): every alert event of the chain is in it, and the record built from the chain
/// agrees with the stored incident, whose severity is the default until a member confirms the alert's proposal.
/// </summary>
public sealed class AlertIncidentExportTests : IDisposable
{
    private static readonly Actor Bob = new(ChatPlatform.Slack, "U0BOB000002", "Bob Brandt");
    private readonly AlertsHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Export_OfAnAlertIncident_ShowsTheAlertEvents_AndAgreesWithTheRow_BeforeAndAfterTheSeverityIsConfirmed()
    {
        using var client = _host.CreateClient();
        var t0 = _host.Time.GetUtcNow().AddMinutes(-2);
        await PostAsync(client, new AlertmanagerBody().Firing("f1", t0, "fw-edge-01"));
        await _host.ProcessAsync();
        var incident = Assert.Single(await _host.OpenIncidentsAsync());
        Assert.Equal((IncidentService.DefaultSeverity, 1), (incident.Severity, incident.PendingSeverity?.To));

        var proposed = await TimelineAsync(incident.Id);

        Assert.Empty(proposed.Discrepancies);
        Assert.True(proposed.IsConsistent, proposed.Verdict);
        Assert.Equal(IncidentService.DefaultSeverity, proposed.Record!.Severity);
        Assert.Equal("alert:alertmanager", proposed.Record.OpenedBy!.UserId);
        Assert.Equal([AuditKind.IncidentOpened, AuditKind.SeverityProposed, AuditKind.AlertReceived], proposed.Events.Select(e => e.Kind));

        var decided = await _host.Services.GetRequiredService<SeverityService>().DecideAsync(
            incident.Id, incident.PendingSeverity!.Hash, true, Bob, null, incident.Conversations[0], CancellationToken.None);
        Assert.IsType<SeverityOutcome.Confirmed>(decided);
        await PostAsync(client, new AlertmanagerBody().Resolved("f1", t0, _host.Time.GetUtcNow(), "fw-edge-01"));
        await _host.ProcessAsync();

        var confirmed = await TimelineAsync(incident.Id);

        Assert.Empty(confirmed.Discrepancies);
        Assert.True(confirmed.IsConsistent, confirmed.Verdict);
        Assert.Equal(1, confirmed.Record!.Severity);
        Assert.Equal(
            [AuditKind.IncidentOpened, AuditKind.SeverityProposed, AuditKind.AlertReceived, AuditKind.SeverityConfirmed, AuditKind.AlertResolved],
            confirmed.Events.Select(e => e.Kind));
    }

    private Task<IncidentTimeline> TimelineAsync(string id) =>
        _host.Services.GetRequiredService<IncidentTimelineBuilder>().BuildAsync(id, null, CancellationToken.None);

    private static async Task PostAsync(HttpClient client, AlertmanagerBody body)
    {
        using var response = await client.SendAsync(Signed.Alertmanager(body.Build()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
