namespace ChatNetOps.Alerts.Tests.Processing;

using System.Net;
using ChatNetOps.Alerts.Processing;
using ChatNetOps.Alerts.Tests.Cards;
using ChatNetOps.Alerts.Tests.Hosting;
using ChatNetOps.Core.Alerts;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The route's <c>auto_run</c> first step (a copy of the shipped inventory with <c>auto_run: true</c> on
/// wan-edge-interfaces), the attach policy, and the processor's retry limit for a notification that keeps failing.
/// </summary>
public sealed class AutoRunAndRetryTests : IDisposable
{
    private readonly string _inventory = Path.Combine(Path.GetTempPath(), "chatnetops-alert-inventory-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_inventory))
        {
            Directory.Delete(_inventory, recursive: true);
        }
    }

    [Fact]
    public async Task AutoRun_RequestsTheReadOnlyFirstStep_AsTheAlertPrincipal_InTheIncidentsChain_Once()
    {
        CopyInventory(routes => routes.Replace("      auto_run: false", "      auto_run: true", StringComparison.Ordinal));
        using var host = new AlertsHost { Settings = { ["Inventory:Path"] = _inventory } };
        using var client = host.CreateClient();
        var t0 = host.Time.GetUtcNow();
        await PostAsync(client, new AlertmanagerBody().Firing("f1", t0, "fw-edge-01").WithLabel("ifName", "port7"));
        await host.ProcessAsync();
        await PostAsync(client, new AlertmanagerBody().Firing("f1", t0, "fw-edge-01").WithLabel("ifName", "port7").Firing("f2", t0, "fw-edge-02"));
        await host.ProcessAsync();
        await host.RefreshCardsAsync();

        var incident = Assert.Single(await host.OpenIncidentsAsync());
        var request = Assert.Single(await host.Services.GetRequiredService<IRequestStore>().ListByIncidentAsync(incident.Id, CancellationToken.None));
        Assert.Equal(FirstStepRunner.RequestIdFor(incident.Id), request.Id);
        Assert.Equal(("interface-counters", RunbookMode.ReadOnly, "alert:alertmanager"), (request.Runbook, request.Mode, request.Requester.UserId));
        Assert.Equal(["fw-edge-01"], request.Targets);
        Assert.Equal("port7", request.Inputs["interface"]);
        var requested = Assert.Single(await host.ChainAsync(incident.Id), e => e.Kind == AuditKind.Requested);
        Assert.Equal(("alert:alertmanager", "true", "wan-edge-interfaces"), (requested.Actor.UserId, requested.Details["autoRun"], requested.Details["route"]));
        Assert.Contains(await host.ChainAsync(incident.Id), e => e.Kind == AuditKind.Queued && e.RequestId == request.Id);
        Assert.True((await host.VerifyAsync(incident.Id)).IsIntact);

        // What `chatnetops incident export` prints: the timeline built from the verified chain, alert steps included.
        var timeline = await host.Services.GetRequiredService<Core.Incidents.IncidentTimelineBuilder>().BuildAsync(incident.Id, CancellationToken.None);
        Assert.True(timeline.Chain.IsIntact);
        Assert.Equal(
            [AuditKind.IncidentOpened, AuditKind.SeverityProposed, AuditKind.AlertReceived, AuditKind.Requested, AuditKind.Queued, AuditKind.AlertReceived],
            timeline.Events.Select(e => e.Kind).Where(k => k is not (AuditKind.Started or AuditKind.Succeeded or AuditKind.Failed)));
        Assert.Contains(timeline.Runs, r => r.Id == request.Id);

        var card = Assert.Single(host.Slack.Messages).Message;
        Assert.Null(card.Action("run"));
        Assert.Contains(card.Texts(), t => t.StartsWith($"interface-counters on fw-edge-01 was requested automatically as {request.Id}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AutoRun_OfAnAlertWhoseLabelFailsTheRunbooksInput_IsNotRequested()
    {
        CopyInventory(routes => routes.Replace("      auto_run: false", "      auto_run: true", StringComparison.Ordinal));
        using var host = new AlertsHost { Settings = { ["Inventory:Path"] = _inventory } };
        using var client = host.CreateClient();
        await PostAsync(client, new AlertmanagerBody().Firing("f1", host.Time.GetUtcNow(), "fw-edge-01").WithLabel("ifName", "port3; reload"));
        await host.ProcessAsync();
        await host.RefreshCardsAsync();

        var incident = Assert.Single(await host.OpenIncidentsAsync());
        Assert.Empty(await host.Services.GetRequiredService<IRequestStore>().ListByIncidentAsync(incident.Id, CancellationToken.None));
        var card = Assert.Single(host.Slack.Messages).Message;
        Assert.Null(card.Action("run"));
        Assert.Contains(card.Texts(), t => t.Contains("do not pass the runbook's inputs (interface:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AttachPolicy_ASecondGroupOfTheSameService_JoinsTheOpenIncident_AndItsCard()
    {
        using var host = new AlertsHost();
        using var client = host.CreateClient();
        var t0 = host.Time.GetUtcNow();
        await PostAsync(client, new AlertmanagerBody().Firing("f1", t0, "fw-edge-01"));
        await host.ProcessAsync();
        host.Time.Advance(TimeSpan.FromMinutes(5));
        await PostAsync(client, new AlertmanagerBody("{}/{team=\"netops\"}:{alertname=\"BGP peer down\"}").Firing("b1", host.Time.GetUtcNow(), "fw-edge-02", alertname: "BGP peer down"));
        await host.ProcessAsync();
        await host.RefreshCardsAsync();

        var incident = Assert.Single(await host.OpenIncidentsAsync());
        Assert.Equal(2, incident.AlertGroups.Count);
        var second = await host.GroupAsync(AlertSource.Alertmanager, "{}/{team=\"netops\"}:{alertname=\"BGP peer down\"}");
        Assert.Equal(incident.Id, second!.IncidentId);
        Assert.Contains(await host.ChainAsync(incident.Id), e => e.Kind == AuditKind.AlertReceived && e.Details.GetValueOrDefault("attached") == "true");
        var card = Assert.Single(host.Slack.Messages).Message;
        Assert.Equal("fw-edge-01 and fw-edge-02", card.Fact("Devices"));
        Assert.Equal("fw-edge-01 port3 and fw-edge-02 port3", card.Fact("Alerts"));

        // After the attach window a group of the same service opens its own incident.
        host.Time.Advance(TimeSpan.FromMinutes(31));
        await PostAsync(client, new AlertmanagerBody("{}/{team=\"netops\"}:{alertname=\"BGP peer down\",x=\"2\"}").Firing("c1", host.Time.GetUtcNow(), "fw-edge-02", alertname: "BGP peer down"));
        await host.ProcessAsync();
        Assert.Equal(2, (await host.OpenIncidentsAsync()).Count);
    }

    [Fact]
    public async Task PoisonNotification_IsGivenUpAfterTheConfiguredAttempts_LoggedAndAudited_OthersAreNotHeldUp()
    {
        using var host = new AlertsHost
        {
            Settings = { ["Alerts:ProcessingAttempts"] = "3" },
            ReplaceServices = services =>
            {
                var original = services.Last(d => d.ServiceType == typeof(IAlertGroupStore));
                services.AddSingleton<IAlertGroupStore>(sp => new PoisonedGroupStore((IAlertGroupStore)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!), "poison"));
            },
        };
        using var client = host.CreateClient();
        var t0 = host.Time.GetUtcNow();
        await PostAsync(client, new AlertmanagerBody("{}:{alertname=\"poison\"}").Firing("p1", t0, "fw-edge-01"));
        await PostAsync(client, new AlertmanagerBody().Firing("f1", t0, "fw-edge-01"));

        Assert.Equal(1, await host.ProcessAsync());
        Assert.Single(await host.OpenIncidentsAsync());
        Assert.Single(await host.PendingAsync());
        Assert.Equal(0, await host.ProcessAsync());
        Assert.Single(await host.PendingAsync());
        Assert.Equal(1, await host.ProcessAsync());

        Assert.Empty(await host.PendingAsync());
        var dropped = Assert.Single(await DayEventsAsync(host), e => e.Kind == AuditKind.AlertReceived && e.Details.GetValueOrDefault("dropped") == "true");
        Assert.Equal(("3", "{}:{alertname=\"poison\"}"), (dropped.Details["attempts"], dropped.Details["groupKey"]));
        Assert.Contains("the group store is broken for this group", dropped.Details["reason"], StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<AuditEvent>> DayEventsAsync(AlertsHost host)
    {
        var events = new List<AuditEvent>();
        await foreach (var e in host.Services.GetRequiredService<IAuditLog>().ReadAsync(AuditPartitions.For(null, host.Time.GetUtcNow()), CancellationToken.None))
        {
            events.Add(e);
        }

        return events;
    }

    private void CopyInventory(Func<string, string> routes)
    {
        var source = InventoryPaths.Resolve("inventory");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_inventory, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var path = Path.Combine(_inventory, "alert-routes.yaml");
        var changed = routes(File.ReadAllText(path));
        Assert.NotEqual(File.ReadAllText(path), changed);
        File.WriteAllText(path, changed);
    }

    private static async Task PostAsync(HttpClient client, AlertmanagerBody body)
    {
        using var response = await client.SendAsync(Signed.Alertmanager(body.Build()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The real store, except that one group cannot be read (a stand-in for a record the code cannot handle).</summary>
    private sealed class PoisonedGroupStore(IAlertGroupStore inner, string marker) : IAlertGroupStore
    {
        public Task<AlertGroup?> GetAsync(AlertSource source, string groupKey, CancellationToken cancellationToken) =>
            groupKey.Contains(marker, StringComparison.Ordinal)
                ? throw new InvalidOperationException("the group store is broken for this group")
                : inner.GetAsync(source, groupKey, cancellationToken);

        public Task<AlertGroup?> TryCreateAsync(AlertGroup group, CancellationToken cancellationToken) => inner.TryCreateAsync(group, cancellationToken);

        public Task<AlertGroup?> TryReplaceAsync(AlertGroup updated, string expectedETag, CancellationToken cancellationToken) => inner.TryReplaceAsync(updated, expectedETag, cancellationToken);
    }
}
