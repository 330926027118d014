namespace ChatNetOps.Alerts.Tests.Peer;

using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ChatNetOps.Alerts.Tests.Cards;
using ChatNetOps.Alerts.Tests.Hosting;
using ChatNetOps.Core.Alerts;
using ChatNetOps.Core.Audit;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Prometheus Alertmanager itself delivers to the bot: alerts posted to its /api/v2/alerts are grouped by it and sent
/// to the bot's webhook with Bearer auth; the bot opens one incident for the group, posts one card for it, and records
/// the alerts' end when Alertmanager sends them resolved, updating that card in place.
/// </summary>
public sealed class AlertmanagerPeerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AlertsPostedToAlertmanager_OneIncidentForTheGroup_ResolvedWhenTheyEnd()
    {
        ObservedGroupStore? observed = null;
        await using var host = new AlertsHost
        {
            BackgroundProcessing = true,
            ReplaceServices = services =>
            {
                var original = services.Last(d => d.ServiceType == typeof(IAlertGroupStore));
                services.AddSingleton<IAlertGroupStore>(sp => observed = new ObservedGroupStore((IAlertGroupStore)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!)));
            },
        };
        host.UseKestrel(0);
        host.StartServer();
        var bot = new Uri(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        _ = host.Services.GetRequiredService<IAlertGroupStore>();
        await using var alertmanager = await AlertmanagerProcess.StartAsync(new Uri(bot, "/api/alerts/alertmanager"), AlertsHost.BearerToken, CancellationToken.None);
        using var api = new HttpClient(new SocketsHttpHandler()) { BaseAddress = alertmanager.Api };
        var now = TimeProvider.System.GetUtcNow();

        await PostAlertsAsync(api, now, ends: now.AddHours(1), ("fw-edge-01", "port3"), ("fw-edge-02", "port7"));
        var firing = await observed!.WaitForAsync(g => g.Alerts.Count == 2 && g.IsFiring, Patience, () => alertmanager.Log);

        Assert.Equal(AlertSource.Alertmanager, firing.Source);
        Assert.Equal("wan-edge-interfaces", firing.Route);
        Assert.Equal(["fw-edge-01", "fw-edge-02"], firing.Alerts.Values.Select(a => a.Device).Order(StringComparer.Ordinal));
        var incident = Assert.Single(await host.OpenIncidentsAsync());
        Assert.Equal(firing.IncidentId, incident.Id);
        var card = await host.Slack.WaitForAsync(m => m.Message.Texts().Any(t => t.StartsWith("FIRING · 2 firing", StringComparison.Ordinal)), Patience);
        Assert.Equal(incident.Id, card.Conversation.BoundTo);

        await PostAlertsAsync(api, now, ends: TimeProvider.System.GetUtcNow().AddSeconds(-1), ("fw-edge-01", "port3"), ("fw-edge-02", "port7"));
        var resolved = await observed.WaitForAsync(g => !g.IsFiring, Patience, () => alertmanager.Log);

        Assert.Equal(incident.Id, resolved.IncidentId);
        var ended = await host.Slack.WaitForAsync(m => m.Message.Texts().Any(t => t.StartsWith("RESOLVED · 0 firing, 2 resolved", StringComparison.Ordinal)), Patience);
        Assert.True(ended.Update);
        Assert.Equal(card.MessageId, ended.MessageId);
        Assert.Single(host.Slack.Posts);
        Assert.Single(await host.OpenIncidentsAsync());
        var chain = await host.ChainAsync(incident.Id);
        Assert.Equal(1, chain.Count(e => e.Kind == AuditKind.IncidentOpened));
        Assert.Equal(2, chain.Count(e => e.Kind == AuditKind.AlertReceived));
        Assert.Equal(2, chain.Count(e => e.Kind == AuditKind.AlertResolved));
        Assert.True((await host.VerifyAsync(incident.Id)).IsIntact);
        Assert.Empty(await host.DenialsAsync());
    }

    /// <summary>POST /api/v2/alerts (Alertmanager's OpenAPI postableAlerts): labels, annotations, startsAt, endsAt, generatorURL.</summary>
    private static async Task PostAlertsAsync(HttpClient api, DateTimeOffset starts, DateTimeOffset ends, params (string Device, string Interface)[] alerts)
    {
        var body = new JsonArray([.. alerts.Select(a => (JsonNode?)new JsonObject
        {
            ["labels"] = new JsonObject { ["alertname"] = "InterfaceDown", ["team"] = "netops", ["severity"] = "critical", ["device"] = a.Device, ["ifName"] = a.Interface },
            ["annotations"] = new JsonObject { ["summary"] = $"{a.Interface} down on {a.Device}" },
            ["startsAt"] = starts.ToString("O", CultureInfo.InvariantCulture),
            ["endsAt"] = ends.ToString("O", CultureInfo.InvariantCulture),
            ["generatorURL"] = "http://prometheus.example.net:9090/graph",
        })]);
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await api.PostAsync(new Uri("api/v2/alerts", UriKind.Relative), content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
