namespace ChatNetOps.Slack.Tests.EndToEnd;

using System.Text.Json.Nodes;
using ChatNetOps.Core.Channels;
using ChatNetOps.Slack.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using static ChatNetOps.Slack.Tests.EndToEnd.SlackHost;

/// <summary>
/// Issue 12: user text must not ping or link. A reject reason of <c>&lt;!channel&gt; &lt;https://evil.example|click&gt;</c>
/// reaches the channel as text in every part of every payload (notification text included), and the bot's own approver
/// mentions still work.
/// </summary>
public sealed class EscapingEndToEndTests
{
    private const string Hostile = "<!channel> <https://evil.example|click> [click](https://evil.example)";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RejectReasonWithABroadcastAndALink_NeitherPingsNorLinks_InAnyPayload()
    {
        await using var host = await StartAsync();
        await host.CommandAsync(Bob, IncidentChannel, "clear-ospf-neighbor device=dist-sw-01 neighbor=10.78.10.2");
        var approval = await host.Slack.WaitForAsync(c => c.Method is "chat.postMessage" or "chat.update" && c.Str("text")!.StartsWith("Approval needed", StringComparison.Ordinal), Wait, "approval card");
        var requestId = (string)JsonNode.Parse((string)Buttons(approval).First()["value"]!)!["requestId"]!;
        await AttachedAsync(host, requestId, approval.Ts!);

        // Slack sends what a user typed with &, < and > escaped.
        await host.CommandAsync(Carol, IncidentChannel, $"reject {requestId} " + Hostile.Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal));

        var rejected = await host.Slack.WaitForAsync("chat.update", c => c.Ts == approval.Ts && c.Sequence > approval.Sequence && c.Str("text")!.Contains("rejected", StringComparison.Ordinal), Wait);
        var confirmation = await host.Slack.WaitForAsync(c => c.Method is "chat.postMessage" or "response_url" && c.RawBody.Contains("rejected " + requestId, StringComparison.Ordinal), Wait, "the confirmation");
        foreach (var call in new[] { rejected, confirmation })
        {
            var texts = Texts(call).ToList();
            Assert.Contains(texts, t => t.Contains("&lt;!channel&gt; &lt;https://evil.example|click&gt; [click](https://evil.example)", StringComparison.Ordinal));
            Assert.All(texts, t => Assert.DoesNotContain("<!", t, StringComparison.Ordinal));
            Assert.All(texts, t => Assert.DoesNotContain("<http", t, StringComparison.Ordinal));
        }

        Assert.Contains("Rejected by Carol Castillo: &lt;!channel&gt;", rejected.Str("text"), StringComparison.Ordinal);
        Assert.All(MarkdownObjects(rejected), o => Assert.True((bool?)o["verbatim"] == true, o.ToJsonString()));

        // The bot's own mentions are untouched: the approval's notification text and block @mention the approvers.
        Assert.EndsWith("\nApprovers: <@U0CAROL0003>, <@U0DAVE00004>", approval.Str("text"), StringComparison.Ordinal);
        Assert.Empty(host.Slack.Violations);
    }

    /// <summary>
    /// Issue 18: alert label values and summaries are the sender's to choose. An Alertmanager notification (the v4 webhook
    /// body, Bearer auth) whose labels carry a broadcast, a user and a group mention, Slack and Markdown links and control
    /// characters reaches the route's channel (wan-edge-interfaces: C0NOC0001) as an alert card in which every one of them is text.
    /// </summary>
    [Fact]
    public async Task AlertLabelsWithBroadcastsMentionsLinksAndControlCharacters_AreTextOnTheAlertCard_InEveryPayload()
    {
        const string token = "am-token-0123456789abcdef";
        const string hostile = "<!channel> <@U0ADMIN> <!subteam^S0NOC|@noc> <https://evil.example|click> [click](https://evil.example) \u0007\u001b[31m\r\nnext";
        await using var host = await StartAsync(s => s["Alerts:Alertmanager:BearerToken"] = token);
        var alert = new JsonObject
        {
            ["status"] = "firing",
            ["labels"] = new JsonObject { ["alertname"] = "InterfaceDown", ["team"] = "netops", ["severity"] = "critical", ["device"] = "fw-edge-01", ["ifName"] = "port3", ["site"] = hostile },
            ["annotations"] = new JsonObject { ["summary"] = hostile },
            ["startsAt"] = TimeProvider.System.GetUtcNow().AddMinutes(-1).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["endsAt"] = "0001-01-01T00:00:00Z",
            ["generatorURL"] = "http://prometheus.example.net:9090/graph",
            ["fingerprint"] = "5f1e2d3c4b5a6978",
        };
        var body = new JsonObject
        {
            ["version"] = "4",
            ["groupKey"] = "{}/{team=\"netops\"}:{alertname=\"InterfaceDown\"}",
            ["status"] = "firing",
            ["receiver"] = "chatnetops",
            ["groupLabels"] = new JsonObject { ["alertname"] = "InterfaceDown" },
            ["commonLabels"] = new JsonObject { ["team"] = "netops" },
            ["alerts"] = new JsonArray(alert),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/alerts/alertmanager") { Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        using var response = await host.Client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);

        var card = await host.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Str("channel") == "C0NOC0001", Wait, "the alert card");
        // Slack parses mentions, broadcasts and links in the notification text and mrkdwn objects (plain_text, e.g. the
        // header, shows them as typed): there each is escaped.
        var texts = MarkdownObjects(card).Select(o => (string)o["text"]!).Append(card.Str("text")!).ToList();
        Assert.Contains(texts, t => t.Contains("&lt;!channel&gt; &lt;@U0ADMIN&gt; &lt;!subteam^S0NOC|@noc&gt; &lt;https://evil.example|click&gt; [click](https://evil.example)", StringComparison.Ordinal));
        foreach (var live in new[] { "<!", "<@", "<http", "<https://evil" })
        {
            Assert.All(texts, t => Assert.DoesNotContain(live, t, StringComparison.Ordinal));
        }

        Assert.All(Texts(card), t => Assert.DoesNotContain(t, c => char.IsControl(c) && c != '\n'));
        Assert.All(MarkdownObjects(card), o => Assert.True((bool?)o["verbatim"] == true, o.ToJsonString()));
        Assert.DoesNotContain("evil.example", string.Join(" ", Buttons(card).Select(b => (string?)b["url"])), StringComparison.Ordinal);
        Assert.Empty(host.Slack.Violations);
    }

    /// <summary>Waits (bounded) until the request card's message is saved for the request, so a typed decision updates it.</summary>
    private static async Task AttachedAsync(SlackHost host, string requestId, string ts)
    {
        var cards = host.Factory.Services.GetRequiredService<IRequestCardStore>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await cards.GetAsync(requestId, CancellationToken.None))?.MessageId != ts)
        {
            Assert.True(clock.Elapsed < Wait, $"{requestId} was not attached to message {ts}");
            await Task.Delay(20);
        }
    }

    /// <summary>The top-level text and every text object of a message payload.</summary>
    private static IEnumerable<string> Texts(SlackCall call)
    {
        if (call.Str("text") is { } text)
        {
            yield return text;
        }

        foreach (var o in TextObjects(call.Blocks))
        {
            yield return (string)o["text"]!;
        }
    }

    private static IEnumerable<JsonObject> MarkdownObjects(SlackCall call) => TextObjects(call.Blocks).Where(o => (string?)o["type"] == "mrkdwn");

    private static IEnumerable<JsonObject> TextObjects(JsonNode? node) => node switch
    {
        JsonObject o when o["type"] is JsonValue t && (string?)t is "mrkdwn" or "plain_text" && o["text"] is JsonValue => [o],
        JsonObject o => o.SelectMany(p => TextObjects(p.Value)),
        JsonArray a => a.SelectMany(TextObjects),
        _ => [],
    };
}
