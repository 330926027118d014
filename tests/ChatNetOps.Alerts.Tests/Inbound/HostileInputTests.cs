namespace ChatNetOps.Alerts.Tests.Inbound;

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ChatNetOps.Alerts.Tests.Cards;
using ChatNetOps.Alerts.Tests.Hosting;
using ChatNetOps.Core.Alerts;
using ChatNetOps.Core.Audit;

/// <summary>
/// A hostile or careless sender on each signed endpoint other than Alertmanager (its own tests cover it): official-shaped
/// payloads (tests/…/Payloads, see each endpoint test's header for the documents they follow) changed to carry markup
/// and mentions, control characters, unknown fields, repeats, firing and resolved alerts together, a device outside the
/// route's scope, and a 10 MB body. Signed correctly, so every case reaches parsing, storage, routing and the card.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    /// <summary>Slack mrkdwn and mentions, Teams Markdown and at-mentions, a link, a bell, an escape sequence, a line break.</summary>
    private const string Hostile = "<!channel> <@U0ADMIN> <at>Bob</at> *bold* _it_ [x](https://evil.example) \u0007\u001b[31m\r\nline2";

    private static readonly JsonSerializerOptionsHolder Relaxed = new();

    private readonly AlertsHost _host = new();
    private int _webhookIds;

    public void Dispose() => _host.Dispose();

    public static TheoryData<AlertSource> Sources() => new() { AlertSource.AzureMonitor, AlertSource.Grafana, AlertSource.Webhook };

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task MarkupMentionsAndControlCharactersInLabels_AreStoredVerbatim_AndLiteralOnTheCard(AlertSource source)
    {
        using var client = _host.CreateClient();
        var body = Body(source);
        SetLabel(source, body, "site", Hostile);
        SetSummary(source, body, Hostile);

        using var response = await SendAsync(client, source, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var pending = Assert.Single(await _host.PendingAsync());
        Assert.Contains(Hostile, pending.Alerts.Select(a => a.Labels.GetValueOrDefault("site")).Append(pending.CommonLabels.GetValueOrDefault("site")));
        await _host.ProcessAsync();
        await _host.RefreshCardsAsync();

        var incident = Assert.Single(await _host.OpenIncidentsAsync());
        Assert.Equal(Hostile, Assert.Single(await _host.ChainAsync(incident.Id), e => e.Kind == AuditKind.AlertReceived).Details["summary"]);
        var card = Assert.Single(_host.Slack.Messages.Concat(_host.Teams.Messages)).Message;
        Assert.StartsWith("<!channel> <@U0ADMIN> <at>Bob</at> *bold*", card.Fact("Site"), StringComparison.Ordinal);
        Assert.All(card.Texts().Concat(CardRead.Facts(card.Card!).Select(f => f.Value)), t => Assert.DoesNotContain(t, c => char.IsControl(c) && c != '\n'));
        var json = card.Card!.ToJsonString(Relaxed.Options);
        foreach (var live in new[] { "<!channel>", "<@U0ADMIN>", "<at>", "[x](", " *bold*" })
        {
            Assert.DoesNotContain(live, json, StringComparison.Ordinal);
        }

    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task UnknownFields_AreIgnored_Repeats_AreRecordedOnce(AlertSource source)
    {
        using var client = _host.CreateClient();
        var body = Body(source);
        body["zzUnknown"] = new JsonObject { ["nested"] = new JsonArray(1, "two", null) };
        Payload(source, body)["zzAlsoUnknown"] = "x";

        var id = "msg_repeat_" + source;
        using var first = await SendAsync(client, source, body, id);
        using var again = await SendAsync(client, source, body, id);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.Contains("\"duplicate\"", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await _host.PendingAsync());
        Assert.Empty(await _host.DenialsAsync());
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task TenMegabyteBody_413_AuditedDenial_NothingStored(AlertSource source)
    {
        using var client = _host.CreateClient();
        var body = Body(source);
        SetSummary(source, body, new string('A', 10 * 1024 * 1024));

        using var response = await SendAsync(client, source, body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(await _host.PendingAsync());
        Assert.Single(await _host.DenialsAsync());
    }

    [Fact]
    public async Task AzureMonitor_ConfigurationItemOutsideTheRoutesScope_IsNotTheDevice_AndTheCardSaysSo()
    {
        using var client = _host.CreateClient();
        var body = Body(AlertSource.AzureMonitor);
        body["data"]!["essentials"]!["configurationItems"] = new JsonArray("acc-sw-01");

        using var response = await SendAsync(client, AlertSource.AzureMonitor, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _host.ProcessAsync();
        await _host.RefreshCardsAsync();

        var incident = Assert.Single(await _host.OpenIncidentsAsync());
        var received = Assert.Single(await _host.ChainAsync(incident.Id), e => e.Kind == AuditKind.AlertReceived);
        Assert.Null(received.Device);
        Assert.Equal(("configuration-item:out-of-scope", "acc-sw-01"), (received.Details["deviceRule"], received.Details["deviceCandidate"]));
        var card = Assert.Single(_host.Teams.Messages).Message;
        Assert.Equal("19:noc-azure@thread.tacv2", Assert.Single(_host.Teams.Messages).Conversation.ConversationId);
        Assert.StartsWith("none resolved", card.Fact("Devices"), StringComparison.Ordinal);
        Assert.DoesNotContain("acc-sw-01", card.Choices("device"));
        Assert.False(card.Action("run")?["data"]?.AsObject().ContainsKey("device") ?? false);
    }

    [Fact]
    public async Task Grafana_FiringAndResolvedInOneGroup_OneIncident_TheCardCountsBoth()
    {
        using var client = _host.CreateClient();
        var body = Body(AlertSource.Grafana);
        var alerts = body["alerts"]!.AsArray();
        var resolved = alerts[0]!.DeepClone().AsObject();
        resolved["status"] = "resolved";
        resolved["fingerprint"] = "9e8d7c6b5a403122";
        resolved["labels"]!["device"] = "fw-edge-02";
        resolved["endsAt"] = "2026-03-02T09:20:00+01:00";
        alerts.Add(resolved);

        using var response = await SendAsync(client, AlertSource.Grafana, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, Assert.Single(await _host.PendingAsync()).Alerts.Count);
        await _host.ProcessAsync();
        await _host.RefreshCardsAsync();

        var incident = Assert.Single(await _host.OpenIncidentsAsync());
        Assert.Contains(await _host.ChainAsync(incident.Id), e => e.Kind == AuditKind.AlertReceived);
        var card = Assert.Single(_host.Slack.Messages).Message;
        Assert.Contains(card.Texts(), t => t.StartsWith("FIRING · 1 firing, 1 resolved", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AzureMonitor_FiredThenResolved_UpdatesTheOneCard()
    {
        using var client = _host.CreateClient();
        var fired = Body(AlertSource.AzureMonitor);
        var ended = Body(AlertSource.AzureMonitor);
        ended["data"]!["essentials"]!["monitorCondition"] = "Resolved";
        ended["data"]!["essentials"]!["resolvedDateTime"] = "2026-03-02T09:25:01.0000000Z";

        using (await SendAsync(client, AlertSource.AzureMonitor, fired))
        {
        }

        await _host.ProcessAsync();
        await _host.RefreshCardsAsync();
        using (await SendAsync(client, AlertSource.AzureMonitor, ended))
        {
        }

        await _host.ProcessAsync();
        await _host.RefreshCardsAsync();

        Assert.Single(_host.Teams.Posts);
        var update = Assert.Single(_host.Teams.Updates);
        Assert.Contains(update.Message.Texts(), t => t.StartsWith("RESOLVED · 0 firing, 1 resolved", StringComparison.Ordinal));
    }

    private static JsonObject Body(AlertSource source) => JsonNode.Parse(Hosting.Payload.Text(source switch
    {
        AlertSource.AzureMonitor => "azure-monitor-metric-fired.json",
        AlertSource.Grafana => "grafana-firing.json",
        _ => "webhook-fired.json",
    }))!.AsObject();

    /// <summary>The object the source's own fields are in (where an unknown field could hide).</summary>
    private static JsonObject Payload(AlertSource source, JsonObject body) => source switch
    {
        AlertSource.AzureMonitor => body["data"]!["essentials"]!.AsObject(),
        AlertSource.Grafana => body["alerts"]![0]!.AsObject(),
        _ => body["data"]!.AsObject(),
    };

    private static void SetLabel(AlertSource source, JsonObject body, string name, string value)
    {
        switch (source)
        {
            case AlertSource.AzureMonitor:
                body["data"]!["customProperties"]![name] = value;
                break;
            case AlertSource.Grafana:
                body["alerts"]![0]!["labels"]![name] = value;
                body["commonLabels"]![name] = value;
                break;
            default:
                body["data"]!["labels"] = new JsonObject { [name] = value };
                break;
        }
    }

    private static void SetSummary(AlertSource source, JsonObject body, string value)
    {
        switch (source)
        {
            case AlertSource.AzureMonitor:
                body["data"]!["essentials"]!["description"] = value;
                break;
            case AlertSource.Grafana:
                body["alerts"]![0]!["annotations"]!["summary"] = value;
                break;
            default:
                body["data"]!["summary"] = value;
                break;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpClient client, AlertSource source, JsonObject body, string? webhookId = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        var request = source switch
        {
            AlertSource.AzureMonitor => Signed.AzureMonitor(bytes, _host.Issuer.Token(_host.Time.GetUtcNow(), AlertsHost.Audience)),
            AlertSource.Grafana => Signed.Grafana(bytes),
            _ => Signed.Webhook(bytes, webhookId ?? "msg_" + Interlocked.Increment(ref _webhookIds), _host.Time.GetUtcNow()),
        };
        using (request)
        {
            return await client.SendAsync(request);
        }
    }

    private sealed class JsonSerializerOptionsHolder
    {
        public System.Text.Json.JsonSerializerOptions Options { get; } = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    }
}
