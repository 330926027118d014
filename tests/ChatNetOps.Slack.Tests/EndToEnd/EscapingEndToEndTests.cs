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
