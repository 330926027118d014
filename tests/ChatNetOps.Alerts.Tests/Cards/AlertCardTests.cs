namespace ChatNetOps.Alerts.Tests.Cards;

using System.Net;
using System.Text.Json.Nodes;
using ChatNetOps.Alerts.Tests.Hosting;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Core.ChangeWindows;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The alert card on the real host with the shipped routes (wan-edge-interfaces → Slack C0NOC0001, first step
/// interface-counters with device={device} interface={labels.ifName}; critical → severity 1 proposed).
/// </summary>
public sealed class AlertCardTests : IDisposable
{
    private readonly AlertsHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task OneCardPerIncident_UpdatedInPlace_AsAlertsResolve_RepeatsSendNothing()
    {
        using var client = _host.CreateClient();
        var t0 = _host.Time.GetUtcNow();
        await PostAsync(client, new AlertmanagerBody().Firing("f1", t0, "fw-edge-01").Firing("f2", t0, "fw-edge-02"));
        await _host.ProcessAsync();
        Assert.Equal(1, await _host.RefreshCardsAsync());

        var incident = Assert.Single(await _host.OpenIncidentsAsync());
        var posted = Assert.Single(_host.Slack.Messages);
        Assert.False(posted.Update);
        Assert.Equal(("C0NOC0001", incident.Id), (posted.Conversation.ConversationId, posted.Conversation.BoundTo));
        Assert.Equal(CardNames.AlertIncident, posted.Message.CardName);
        Assert.Equal("fw-edge-01 and fw-edge-02", posted.Message.Fact("Devices"));
        Assert.Contains("2 firing, 0 resolved", string.Join("\n", posted.Message.Texts()), StringComparison.Ordinal);

        // Repeats and the HA twin change nothing: no message at all.
        await PostAsync(client, new AlertmanagerBody().Firing("f2", t0, "fw-edge-02").Firing("f1", t0, "fw-edge-01"));
        await _host.ProcessAsync();
        Assert.Equal(0, await _host.RefreshCardsAsync());
        Assert.Single(_host.Slack.Messages);

        _host.Time.Advance(TimeSpan.FromMinutes(3));
        await PostAsync(client, new AlertmanagerBody().Resolved("f1", t0, t0.AddMinutes(2), "fw-edge-01").Firing("f2", t0, "fw-edge-02"));
        await _host.ProcessAsync();
        await _host.RefreshCardsAsync();
        await PostAsync(client, new AlertmanagerBody().Resolved("f1", t0, t0.AddMinutes(2), "fw-edge-01").Resolved("f2", t0, t0.AddMinutes(3), "fw-edge-02"));
        await _host.ProcessAsync();
        await _host.RefreshCardsAsync();

        Assert.Single(_host.Slack.Posts);
        Assert.Equal(2, _host.Slack.Updates.Count);
        Assert.All(_host.Slack.Updates, u => Assert.Equal(posted.MessageId, u.MessageId));
        var last = _host.Slack.Updates[^1].Message;
        Assert.Contains(last.Texts(), t => t.StartsWith("RESOLVED · 0 firing, 2 resolved", StringComparison.Ordinal));
        Assert.Equal(Conversation.Rendering.Formats.Time(t0.AddMinutes(3)), last.Fact("Resolved"));
        Assert.Empty(_host.Teams.Messages);
    }

    [Fact]
    public async Task ManyAlerts_AreSummarised_AndTheCardStaysOneMessage()
    {
        using var client = _host.CreateClient();
        var t0 = _host.Time.GetUtcNow();
        var body = new AlertmanagerBody();
        for (var i = 0; i < 40; i++)
        {
            body.Firing($"f{i:D2}", t0.AddSeconds(i), $"web-{i + 1}");
        }

        await PostAsync(client, body);
        await _host.ProcessAsync();
        await _host.RefreshCardsAsync();

        var card = Assert.Single(_host.Slack.Messages).Message;
        Assert.Equal("web-1 port3, web-2 port3, web-3 port3 and 37 more", card.Fact("Alerts"));
        Assert.True(card.Card!.ToJsonString().Length < 28_000);
    }

    [Fact]
    public async Task HostileLabels_AreLiteralOnTheCard_NoMentionLinkOrFormattingSurvives()
    {
        using var client = _host.CreateClient();
        const string hostile = "<!channel> <@U0ADMIN> <at>Bob</at> *bold* _it_ [x](https://evil.example) \u0007\u001b[31m\r\nline2";
        await PostAsync(client, new AlertmanagerBody().Firing("f1", _host.Time.GetUtcNow(), "fw-edge-01", summary: hostile).WithLabel("site", hostile));
        await _host.ProcessAsync();
        await _host.RefreshCardsAsync();

        var card = Assert.Single(_host.Slack.Messages).Message;
        var site = card.Fact("Site");
        Assert.DoesNotContain(site, char.IsControl);
        Assert.StartsWith("<!channel> <@U0ADMIN> <at>Bob</at> *bold* _it_ [x](https://e", site, StringComparison.Ordinal);
        Assert.StartsWith("InterfaceDown: <!channel> <@U0ADMIN>", CardText.Unescape(card.Texts()[0][(card.Texts()[0].IndexOf(": ", StringComparison.Ordinal) + 2)..]), StringComparison.Ordinal);

        // As sent (Teams Markdown): nothing is a tag, a link or emphasis.
        // (Relaxed escaping, so '<' and '&' read as themselves in the assertions.)
        var json = card.Card!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.DoesNotContain("<!channel>", json, StringComparison.Ordinal);
        Assert.DoesNotContain("<at>", json, StringComparison.Ordinal);
        Assert.DoesNotContain("<@U0ADMIN>", json, StringComparison.Ordinal);
        Assert.All(card.Texts(), t => Assert.DoesNotContain(t, c => char.IsControl(c) && c != '\n'));
        Assert.DoesNotContain("[x](", json, StringComparison.Ordinal);
        Assert.Contains(@"&lt;!channel&gt;", json, StringComparison.Ordinal);
        Assert.Contains(@"\\*bold\\*", json, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", string.Join(" ", card.Actions().Select(a => (string?)a["url"])), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("https://user:secret@prometheus.example.net/graph")]
    [InlineData("//prometheus.example.net/graph")]
    [InlineData("file:///etc/passwd")]
    public async Task GeneratorUrl_OtherThanPlainHttpOrHttps_IsNotLinked(string url)
    {
        using var client = _host.CreateClient();
        await PostAsync(client, new AlertmanagerBody().Firing("f1", _host.Time.GetUtcNow(), "fw-edge-01").With("generatorURL", url));
        await _host.ProcessAsync();
        await _host.RefreshCardsAsync();

        var card = Assert.Single(_host.Slack.Messages).Message;
        Assert.DoesNotContain(card.Actions(), a => (string?)a["type"] == "Action.OpenUrl");
    }

    [Fact]
    public async Task Links_GeneratorAndDashboard_AreButtons()
    {
        using var client = _host.CreateClient();
        await PostAsync(client, new AlertmanagerBody().Firing("f1", _host.Time.GetUtcNow(), "fw-edge-01")
            .With("annotations", new JsonObject { ["summary"] = "port3 down", ["dashboard"] = "https://grafana.example.net/d/wan-edge" }));
        await _host.ProcessAsync();
        await _host.RefreshCardsAsync();

        var links = Assert.Single(_host.Slack.Messages).Message.Actions().Where(a => (string?)a["type"] == "Action.OpenUrl").Select(a => ((string)a["title"]!, (string)a["url"]!));
        Assert.Equal([("Source", "http://prometheus.example.net:9090/graph?g0.expr=up"), ("Dashboard", "https://grafana.example.net/d/wan-edge")], links);
    }

    [Fact]
    public async Task ProposedSeverity_HasConfirmOnTheCard_ConfirmingUpdatesTheCardInPlace()
    {
        using var client = _host.CreateClient();
        await PostAsync(client, new AlertmanagerBody().Firing("f1", _host.Time.GetUtcNow(), "fw-edge-01"));
        await _host.ProcessAsync();
        await _host.RefreshCardsAsync();
        var incident = Assert.Single(await _host.OpenIncidentsAsync());
        var card = Assert.Single(_host.Slack.Messages).Message;
        Assert.StartsWith("1 proposed by Alert (alertmanager) (now 3)", card.Fact("Severity"), StringComparison.Ordinal);
        var confirm = card.Action("confirmSeverity")!;
        Assert.Equal("Confirm severity 1", (string)confirm["title"]!);
        Assert.Equal(incident.PendingSeverity!.Hash, (string)confirm["data"]!["hash"]!);

        var bob = new Actor(ChatPlatform.Slack, "U0BOB000002", "Bob Brandt");
        var outcome = await _host.Services.GetRequiredService<SeverityService>().DecideAsync(
            incident.Id, (string)confirm["data"]!["hash"]!, true, bob, null, incident.Conversations[0], CancellationToken.None);
        Assert.IsType<SeverityOutcome.Confirmed>(outcome);
        await _host.RefreshCardsAsync();

        var updated = Assert.Single(_host.Slack.Updates).Message;
        Assert.StartsWith("1, confirmed by Bob Brandt", updated.Fact("Severity"), StringComparison.Ordinal);
        Assert.Null(updated.Action("confirmSeverity"));
        var chain = await _host.ChainAsync(incident.Id);
        Assert.Equal([AuditKind.SeverityProposed, AuditKind.SeverityConfirmed], chain.Where(e => e.Kind is AuditKind.SeverityProposed or AuditKind.SeverityConfirmed).Select(e => e.Kind));
    }

    [Fact]
    public async Task FirstStep_IsARunButton_WithTheInputsMappedFromTheAlert()
    {
        using var client = _host.CreateClient();
        await PostAsync(client, new AlertmanagerBody().Firing("f1", _host.Time.GetUtcNow(), "fw-edge-01").WithLabel("ifName", "port7"));
        await _host.ProcessAsync();
        await _host.RefreshCardsAsync();

        var incident = Assert.Single(await _host.OpenIncidentsAsync());
        var run = Assert.Single(_host.Slack.Messages).Message.Action("run")!;
        Assert.Equal("Run interface-counters on fw-edge-01", (string)run["title"]!);
        var data = run["data"]!.AsObject();
        Assert.Equal(("interface-counters", "fw-edge-01", "port7", incident.Id),
            ((string)data["runbook"]!, (string)data["device"]!, (string)data["interface"]!, (string)data["incidentId"]!));
        Assert.Empty(await _host.Services.GetRequiredService<IRequestStore>().ListByIncidentAsync(incident.Id, CancellationToken.None));
    }

    [Fact]
    public async Task FirstStep_WithoutAnInScopeDevice_OffersTheRoutesDevicesToPickFrom_NeverTheOutOfScopeOne_AndSaysWhy()
    {
        using var client = _host.CreateClient();
        await PostAsync(client, new AlertmanagerBody().Firing("f1", _host.Time.GetUtcNow(), "acc-sw-01").WithLabel("ifName", "port7"));
        await _host.ProcessAsync();
        await _host.RefreshCardsAsync();

        var incident = Assert.Single(await _host.OpenIncidentsAsync());
        var card = Assert.Single(_host.Slack.Messages).Message;
        Assert.Contains(card.Texts(), t => t.Contains("no alert names a device of this route. Pick one of the route's devices", StringComparison.Ordinal));
        Assert.StartsWith("none resolved; the route covers group edge-firewalls", card.Fact("Devices"), StringComparison.Ordinal);

        // The choices are the route's devices (edge-firewalls, core, distribution) that interface-counters targets; the
        // device the alert named is outside the route and never offered.
        var catalog = _host.Services.GetRequiredService<InventoryCatalog>();
        var route = catalog.AlertRoutes.Routes.Single(r => r.Name == "wan-edge-interfaces");
        var runbook = catalog.FindRunbook("interface-counters")!;
        var expected = catalog.Devices.Where(d => route.InScope(d) && runbook.Targets(d)).Select(d => d.Name).Order(StringComparer.OrdinalIgnoreCase).ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, card.Choices("device"));
        Assert.DoesNotContain("acc-sw-01", card.Choices("device"));

        // Run takes the pick (its inputs are sent with it); the payload names no device of its own.
        var run = card.Action("run")!;
        Assert.Equal(("Run interface-counters", "auto"), ((string)run["title"]!, (string)run["associatedInputs"]!));
        var data = run["data"]!.AsObject();
        Assert.Equal(("interface-counters", "port7", incident.Id), ((string)data["runbook"]!, (string)data["interface"]!, (string)data["incidentId"]!));
        Assert.False(data.ContainsKey("device"));
    }

    [Fact]
    public async Task OpenChangeWindow_CoveringTheDevice_FromTheChangeWindowStore_IsOnTheCard()
    {
        var store = _host.Services.GetRequiredService<IChangeWindowStore>();
        var now = _host.Time.GetUtcNow();
        var ana = new Actor(ChatPlatform.Slack, "U0CAROL0003", "Carol Castillo");
        var room = new ConversationRef(ChatPlatform.Slack, "C0CHANGES01", ChannelKind.ChangeWindow);
        var acknowledged = new Decision(ana, now, true, "ok", string.Empty) { Kind = DecisionKind.ChangeWindowAcknowledgement };
        ChangeWindow Window(string id, string summary, DateTimeOffset start, DateTimeOffset end, ChangeWindowScope scope) =>
            new(id, summary, start, end, scope, ana, room, now.AddHours(-2)) { Acknowledgement = acknowledged };

        // Covers the device through its group (fw-edge-01 is in edge-firewalls), open now.
        var end = now.AddMinutes(45);
        Assert.NotNull(await store.TryCreateAsync(Window("CHG-2001", "firewall policy push", now.AddMinutes(-15), end, new ChangeWindowScope([], "edge-firewalls")), CancellationToken.None));
        // Not shown: another device's window, a window still ahead, and one closed early.
        Assert.NotNull(await store.TryCreateAsync(Window("CHG-2002", "core upgrade", now.AddMinutes(-15), now.AddHours(1), new ChangeWindowScope(["core-rtr-01"], null)), CancellationToken.None));
        Assert.NotNull(await store.TryCreateAsync(Window("CHG-2003", "tonight", now.AddHours(3), now.AddHours(4), new ChangeWindowScope(["fw-edge-01"], null)), CancellationToken.None));
        Assert.NotNull(await store.TryCreateAsync(Window("CHG-2004", "cancelled", now.AddMinutes(-15), now.AddHours(1), new ChangeWindowScope(["fw-edge-01"], null)) with { ClosedAt = now, ClosedBy = ana, CloseReason = "closed" }, CancellationToken.None));

        using var client = _host.CreateClient();
        await PostAsync(client, new AlertmanagerBody().Firing("f1", now, "fw-edge-01"));
        await _host.ProcessAsync();
        await _host.RefreshCardsAsync();

        var card = Assert.Single(_host.Slack.Messages).Message;
        var until = end.UtcDateTime.ToString(end.UtcDateTime.Date == now.UtcDateTime.Date ? "HH:mm" : "yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"Open change window: CHG-2001 open until {until} UTC — firewall policy push", card.Texts());
        Assert.DoesNotContain(card.Texts(), t => t.Contains("CHG-2002", StringComparison.Ordinal) || t.Contains("CHG-2003", StringComparison.Ordinal) || t.Contains("CHG-2004", StringComparison.Ordinal));

        // Once the window ends, the card (re-rendered on the next change) no longer shows it.
        _host.Time.Advance(TimeSpan.FromMinutes(46));
        var incident = Assert.Single(await _host.OpenIncidentsAsync());
        var rendered = await _host.Services.GetRequiredService<Alerts.Cards.AlertCardNotifier>().RenderAsync(incident, CancellationToken.None);
        Assert.DoesNotContain(rendered.Texts(), t => t.Contains("change window", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task CardSendFails_IsTriedAgainOnTheNextPass_StillOneCard()
    {
        using var client = _host.CreateClient();
        await PostAsync(client, new AlertmanagerBody().Firing("f1", _host.Time.GetUtcNow(), "fw-edge-01"));
        await _host.ProcessAsync();
        _host.Slack.Failure = new HttpRequestException("slack is down");
        Assert.Equal(0, await _host.RefreshCardsAsync());

        _host.Slack.Failure = null;
        Assert.Equal(0, await _host.RefreshCardsAsync());
        _host.Time.Advance(Alerts.Cards.AlertCardNotifier.FirstRetry);
        Assert.Equal(1, await _host.RefreshCardsAsync());
        Assert.Equal(0, await _host.RefreshCardsAsync());
        Assert.Single(_host.Slack.Posts);
    }

    [Fact]
    public async Task ChangesWithinTheUpdateGap_ReachTheCardTogether_OnceTheGapHasPassed()
    {
        // Before: every notification that changed the card re-rendered and updated it (about 4,900 updates in the
        // 10,000-notification storm, and the refresher's CPU showed in the webhook's tail latency).
        _host.Settings["Alerts:CardUpdateGap"] = "00:00:02";
        using var client = _host.CreateClient();
        var notifier = _host.Services.GetRequiredService<Alerts.Cards.AlertCardNotifier>();
        var t0 = _host.Time.GetUtcNow();
        await PostAsync(client, new AlertmanagerBody().Firing("f1", t0, "fw-edge-01").Firing("f2", t0, "fw-edge-02"));
        await _host.ProcessAsync();
        Assert.Equal(1, await _host.RefreshCardsAsync());
        Assert.Null(notifier.NextDue());

        await PostAsync(client, new AlertmanagerBody().Resolved("f1", t0, t0, "fw-edge-01").Firing("f2", t0, "fw-edge-02"));
        await _host.ProcessAsync();
        Assert.Equal(0, await _host.RefreshCardsAsync());
        await PostAsync(client, new AlertmanagerBody().Resolved("f1", t0, t0, "fw-edge-01").Resolved("f2", t0, t0, "fw-edge-02"));
        await _host.ProcessAsync();
        Assert.Equal(0, await _host.RefreshCardsAsync());
        Assert.Equal(t0.AddSeconds(2), notifier.NextDue());
        Assert.Empty(_host.Slack.Updates);

        _host.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await _host.RefreshCardsAsync());

        var update = Assert.Single(_host.Slack.Updates);
        Assert.Contains(update.Message.Texts(), t => t.StartsWith("RESOLVED · 0 firing, 2 resolved", StringComparison.Ordinal));
        Assert.Single(_host.Slack.Posts);
        Assert.Null(notifier.NextDue());
    }

    [Fact]
    public async Task CardSendKeepsFailing_BacksOffAndNeverWakesTheRefresherItself()
    {
        // Before: every failure touched the incident again, so the refresher ran back to back (about 1,800 attempts and
        // log lines a second when the route's platform had no channel, or a Slack call per pass when it was down).
        using var client = _host.CreateClient();
        await PostAsync(client, new AlertmanagerBody().Firing("f1", _host.Time.GetUtcNow(), "fw-edge-01"));
        await _host.ProcessAsync();
        _host.Slack.Failure = new HttpRequestException("slack is down");
        var queue = _host.Services.GetRequiredService<Alerts.Cards.AlertCardQueue>();

        var attempts = new List<int>();
        for (var second = 0; second < 8; second++)
        {
            Assert.Equal(0, await _host.RefreshCardsAsync());
            Assert.Empty(queue.Drain());
            attempts.Add(_host.Slack.Attempts);
            _host.Time.Advance(TimeSpan.FromSeconds(1));
        }

        // One attempt at once, the next after FirstRetry (5 s), the one after that only 10 s later.
        Assert.Equal([1, 1, 1, 1, 1, 2, 2, 2], attempts);
        _host.Slack.Failure = null;
        _host.Time.Advance(Alerts.Cards.AlertCardNotifier.LastRetry);
        Assert.Equal(1, await _host.RefreshCardsAsync());
        Assert.Single(_host.Slack.Posts);
    }

    private static async Task PostAsync(HttpClient client, AlertmanagerBody body)
    {
        using var response = await client.SendAsync(Signed.Alertmanager(body.Build()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
