namespace ChatNetOps.Alerts.Tests.Processing;

using System.Net;
using ChatNetOps.Alerts.Tests.Hosting;
using ChatNetOps.Core.Alerts;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Policy;

/// <summary>
/// Alert groups become incidents on the real host with the shipped inventory/alert-routes.yaml: the route
/// wan-edge-interfaces (team=netops, alertname InterfaceDown; Slack C0NOC0001; edge-firewalls, core, distribution;
/// critical → severity 1; flap window 15 minutes).
/// </summary>
public sealed class AlertIncidentTests : IDisposable
{
    private readonly AlertsHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task FiringGroup_OpensOneIncident_BoundToTheRoutesConversation_AuditedInItsChainAsTheAlertPrincipal()
    {
        using var client = _host.CreateClient();
        var t0 = _host.Time.GetUtcNow();
        await PostAsync(client, new AlertmanagerBody().Firing("f1", t0, "fw-edge-01").Firing("f2", t0, "192.0.2.99"));

        await _host.ProcessAsync();

        var incident = Assert.Single(await _host.OpenIncidentsAsync());
        Assert.Matches("^ALR-[0-9]{10}$", incident.Id);
        Assert.True(IncidentService.IsValidId(incident.Id));
        // The alert's severity (critical → 1) is proposed through the severity decision; the incident keeps the default
        // until a confirmer confirms it.
        Assert.Equal(1, incident.PendingSeverity?.To);
        Assert.Equal(IncidentService.DefaultSeverity, incident.Severity);
        Assert.Equal("alert:alertmanager", incident.PendingSeverity?.ProposedBy.UserId);
        Assert.Equal("alert:alertmanager", incident.OpenedBy.UserId);
        var bound = Assert.Single(incident.Conversations);
        Assert.Equal((ChatPlatform.Slack, "C0NOC0001", incident.Id), (bound.Platform, bound.ConversationId, bound.BoundTo));

        var chain = await _host.ChainAsync(incident.Id);
        Assert.Equal([AuditKind.IncidentOpened, AuditKind.SeverityProposed, AuditKind.AlertReceived, AuditKind.AlertReceived], chain.Select(e => e.Kind));
        Assert.All(chain, e => Assert.Equal("alert:alertmanager", e.Actor.UserId));
        Assert.Equal("proposed", chain[0].Details["severityStatus"]);
        Assert.Equal("wan-edge-interfaces", chain[0].Details["route"]);
        var f1 = Assert.Single(chain, e => e.Details.GetValueOrDefault("fingerprint") == "f1");
        Assert.Equal(("fw-edge-01", "device-label"), (f1.Device, f1.Details["deviceRule"]));
        Assert.True((await _host.VerifyAsync(incident.Id)).IsIntact);
    }

    [Fact]
    public async Task RepeatsAndHaDuplicates_ChangeNothing_ResolvedIsRecordedOnTheSameIncident()
    {
        using var client = _host.CreateClient();
        var t0 = _host.Time.GetUtcNow();
        await PostAsync(client, new AlertmanagerBody().Firing("f1", t0, "fw-edge-01").Firing("f2", t0, "fw-edge-02"));
        await _host.ProcessAsync();
        var incident = Assert.Single(await _host.OpenIncidentsAsync());

        _host.Time.Advance(TimeSpan.FromMinutes(5));
        await PostAsync(client, new AlertmanagerBody().Firing("f2", t0, "fw-edge-02").Firing("f1", t0, "fw-edge-01"));
        await PostAsync(client, new AlertmanagerBody().Resolved("f1", t0, t0.AddMinutes(4), "fw-edge-01").Firing("f2", t0, "fw-edge-02"));
        await PostAsync(client, new AlertmanagerBody().Resolved("f1", t0, t0.AddMinutes(4), "fw-edge-01").Firing("f2", t0, "fw-edge-02"));
        await _host.ProcessAsync();

        Assert.Single(await _host.OpenIncidentsAsync());
        var chain = await _host.ChainAsync(incident.Id);
        Assert.Equal(2, chain.Count(e => e.Kind == AuditKind.AlertReceived));
        var resolved = Assert.Single(chain, e => e.Kind == AuditKind.AlertResolved);
        Assert.Equal("f1", resolved.Details["fingerprint"]);
        var group = await _host.GroupAsync(AlertSource.Alertmanager, "{}/{team=\"netops\"}:{alertname=\"InterfaceDown\"}");
        Assert.True(group!.IsFiring);
        Assert.Equal(incident.Id, group.IncidentId);
    }

    [Fact]
    public async Task FlapWithinTheWindow_KeepsAndReopensTheSameIncident_AfterTheWindow_OpensANewOne()
    {
        using var client = _host.CreateClient();
        var t0 = _host.Time.GetUtcNow();
        await PostAsync(client, new AlertmanagerBody().Firing("f1", t0, "fw-edge-01"));
        await _host.ProcessAsync();
        var first = Assert.Single(await _host.OpenIncidentsAsync());
        await PostAsync(client, new AlertmanagerBody().Resolved("f1", t0, t0.AddMinutes(2), "fw-edge-01"));
        await _host.ProcessAsync();
        await CloseAsync(first.Id);

        _host.Time.Advance(TimeSpan.FromMinutes(10));
        await PostAsync(client, new AlertmanagerBody().Firing("f1", _host.Time.GetUtcNow(), "fw-edge-01"));
        await _host.ProcessAsync();

        var reopened = Assert.Single(await _host.OpenIncidentsAsync());
        Assert.Equal(first.Id, reopened.Id);
        Assert.Null(reopened.Resolution);
        Assert.Contains(await _host.ChainAsync(first.Id), e => e.Kind == AuditKind.IncidentReopened);

        var t1 = _host.Time.GetUtcNow();
        await PostAsync(client, new AlertmanagerBody().Resolved("f1", t1, t1.AddMinutes(1), "fw-edge-01"));
        await _host.ProcessAsync();
        _host.Time.Advance(TimeSpan.FromMinutes(16));
        await PostAsync(client, new AlertmanagerBody().Firing("f1", _host.Time.GetUtcNow(), "fw-edge-01"));
        await _host.ProcessAsync();

        var open = await _host.OpenIncidentsAsync();
        Assert.Equal(2, open.Count);
        Assert.Contains(open, i => i.Id != first.Id);
    }

    [Fact]
    public async Task ReorderedAndDuplicatedNotifications_AStaleFiringAfterTheResolve_DoesNotFireAgain()
    {
        // Alertmanager sends the whole group each time; the HA pair sends each notification twice, and a lagging peer
        // (or requests recorded out of order) can deliver an older state after a newer one. Sent order: N1 both fire,
        // N2 f1 resolved, N3 both resolved; recorded order: N1, N3, N2, then every duplicate.
        using var client = _host.CreateClient();
        var t0 = _host.Time.GetUtcNow();
        var n1 = new AlertmanagerBody().Firing("f1", t0, "fw-edge-01").Firing("f2", t0, "fw-edge-02");
        var n2 = new AlertmanagerBody().Resolved("f1", t0, t0.AddMinutes(2), "fw-edge-01").Firing("f2", t0, "fw-edge-02");
        var n3 = new AlertmanagerBody().Resolved("f1", t0, t0.AddMinutes(2), "fw-edge-01").Resolved("f2", t0, t0.AddMinutes(3), "fw-edge-02");
        await PostAsync(client, n1);
        await _host.ProcessAsync();
        var incident = Assert.Single(await _host.OpenIncidentsAsync());

        foreach (var body in new[] { n3, n2, n1, n3, n2 })
        {
            _host.Time.Advance(TimeSpan.FromSeconds(1));
            await PostAsync(client, body);
        }

        await _host.ProcessAsync();

        var chain = await _host.ChainAsync(incident.Id);
        Assert.Equal(["f1", "f2"], chain.Where(e => e.Kind == AuditKind.AlertReceived).Select(e => e.Details["fingerprint"]).Order());
        Assert.Equal(["f1", "f2"], chain.Where(e => e.Kind == AuditKind.AlertResolved).Select(e => e.Details["fingerprint"]).Order());
        var group = await _host.GroupAsync(AlertSource.Alertmanager, "{}/{team=\"netops\"}:{alertname=\"InterfaceDown\"}");
        Assert.False(group!.IsFiring);
        Assert.All(group.Alerts.Values, a => Assert.Equal(AlertStatus.Resolved, a.Status));

        // The alert that really fires again starts again: that is a change, on the same incident (within the flap window).
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        var t1 = _host.Time.GetUtcNow();
        await PostAsync(client, new AlertmanagerBody().Resolved("f1", t0, t0.AddMinutes(2), "fw-edge-01").Firing("f2", t1, "fw-edge-02"));
        await PostAsync(client, n2);
        await _host.ProcessAsync();

        chain = await _host.ChainAsync(incident.Id);
        Assert.Equal(3, chain.Count(e => e.Kind == AuditKind.AlertReceived));
        Assert.Equal(2, chain.Count(e => e.Kind == AuditKind.AlertResolved));
        group = await _host.GroupAsync(AlertSource.Alertmanager, "{}/{team=\"netops\"}:{alertname=\"InterfaceDown\"}");
        Assert.Equal((AlertStatus.Firing, t1), (group!.Alerts["f2"].Status, group.Alerts["f2"].StartsAt));
        Assert.True((await _host.VerifyAsync(incident.Id)).IsIntact);
    }

    [Fact]
    public async Task DeviceLabelOutsideTheRoutesScope_IsNotTheIncidentsDevice_AndIsRecordedAsOutOfScope()
    {
        using var client = _host.CreateClient();
        await PostAsync(client, new AlertmanagerBody().Firing("f1", _host.Time.GetUtcNow(), "acc-sw-01"));

        await _host.ProcessAsync();

        var incident = Assert.Single(await _host.OpenIncidentsAsync());
        var received = Assert.Single(await _host.ChainAsync(incident.Id), e => e.Kind == AuditKind.AlertReceived);
        Assert.Null(received.Device);
        Assert.Equal("device-label:out-of-scope", received.Details["deviceRule"]);
        Assert.Equal("acc-sw-01", received.Details["deviceCandidate"]);
    }

    [Fact]
    public async Task HostileSummary_WithMentionsMarkupAndControlCharacters_GivesAPrintableTitle_AndIsKeptVerbatimInTheTrail()
    {
        using var client = _host.CreateClient();
        const string hostile = "<!channel> <@U0ADMIN> *bold* [x](https://evil.example) \u0007\u001b[31m\r\nline2";
        await PostAsync(client, new AlertmanagerBody().Firing("f1", _host.Time.GetUtcNow(), "fw-edge-01", summary: hostile));

        await _host.ProcessAsync();

        var incident = Assert.Single(await _host.OpenIncidentsAsync());
        Assert.DoesNotContain(incident.Title, char.IsControl);
        Assert.StartsWith("InterfaceDown: <!channel>", incident.Title, StringComparison.Ordinal);
        Assert.Equal(hostile, Assert.Single(await _host.ChainAsync(incident.Id), e => e.Kind == AuditKind.AlertReceived).Details["summary"]);
    }

    [Fact]
    public async Task UnmatchedGroup_TakesTheDefaultRoute_WithItsSeverityMap()
    {
        using var client = _host.CreateClient();
        await PostAsync(client, new AlertmanagerBody("{}:{alertname=\"DiskFull\"}").Firing("f1", _host.Time.GetUtcNow(), "jump-01", alertname: "DiskFull", severity: "warning"));

        await _host.ProcessAsync();

        var incident = Assert.Single(await _host.OpenIncidentsAsync());
        Assert.Equal(3, incident.Severity);
        Assert.Equal("default", (await _host.ChainAsync(incident.Id))[0].Details["route"]);
    }

    private static async Task PostAsync(HttpClient client, AlertmanagerBody body)
    {
        using var response = await client.SendAsync(Signed.Alertmanager(body.Build()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task CloseAsync(string id)
    {
        var incidents = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IIncidentStore>(_host.Services);
        var incident = (await incidents.GetAsync(id, CancellationToken.None))!;
        Assert.NotNull(await incidents.TryReplaceAsync(incident with { State = IncidentState.Closed, ClosedAt = _host.Time.GetUtcNow(), Resolution = "flapping optic replaced" }, incident.ETag!, CancellationToken.None));
    }
}
