namespace ChatNetOps.Slack.Tests.SocketMode;

using System.Text.Json.Nodes;
using ChatNetOps.Slack.Tests.EndToEnd;
using ChatNetOps.Slack.Tests.Fakes;

/// <summary>Socket Mode: the same handlers over apps.connections.open + WebSocket, each envelope acknowledged.</summary>
public sealed class SocketModeEndToEndTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SlashCommandEnvelope_IsAcknowledgedWithTheImmediateResponse_AndProcessed()
    {
        await using var host = await SlackHost.StartAsync(s =>
        {
            s["Slack:SocketMode"] = "true";
            s["Slack:AppToken"] = FakeSlackApi.AppToken;
        });
        _ = host.Client;

        await host.Slack.WaitForSocketAsync(Wait);
        var ack = await host.Slack.SendEnvelopeAsync("slash_commands", new JsonObject
        {
            ["command"] = "/netops",
            ["text"] = "runbooks",
            ["user_id"] = SlackHost.Alice,
            ["user_name"] = "alice",
            ["channel_id"] = SlackHost.IncidentChannel,
            ["response_url"] = host.Slack.ResponseUrl("socket-1").ToString(),
            ["trigger_id"] = "1.2.3",
        }, Wait);

        Assert.StartsWith("Working on", (string?)ack["payload"]?["text"], StringComparison.Ordinal);
        await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.StartsWith("Runbooks:", StringComparison.Ordinal), Wait);
        Assert.Equal("Bearer " + FakeSlackApi.AppToken, host.Slack.CallsTo("apps.connections.open")[0].Authorization);
    }

    [Fact]
    public async Task EventsEnvelope_IsAcknowledged_AndARetriedEnvelopeIsProcessedOnce()
    {
        await using var host = await SlackHost.StartAsync(s =>
        {
            s["Slack:SocketMode"] = "true";
            s["Slack:AppToken"] = FakeSlackApi.AppToken;
        });
        _ = host.Client;
        var mention = SignedRequests.MessageEvent("Ev0SOCKET01", "app_mention", SlackHost.Alice, SlackHost.IncidentChannel, "<@U0BOT00000> runbooks");

        var first = await host.Slack.SendEnvelopeAsync("events_api", mention, Wait);
        var retry = await host.Slack.SendEnvelopeAsync("events_api", (JsonObject)mention.DeepClone(), Wait, retryAttempt: 1);
        await host.Slack.SendEnvelopeAsync("events_api", SignedRequests.MessageEvent("Ev0SOCKET02", "app_mention", SlackHost.Alice, SlackHost.IncidentChannel, "<@U0BOT00000> help"), Wait);

        Assert.NotNull(first["envelope_id"]);
        Assert.NotNull(retry["envelope_id"]);
        await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.StartsWith("ChatNetOps help", StringComparison.Ordinal), Wait);
        await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.StartsWith("Runbooks:", StringComparison.Ordinal), Wait);
        Assert.Single(host.Slack.CallsTo("chat.postMessage"), c => c.Str("text")!.StartsWith("Runbooks:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EventsEnvelope_WhenTheStoreIsUnreachable_IsNotAcknowledged_AndItsRedeliveryIsProcessedOnce()
    {
        ChatStateMock state = null!;
        await using var host = await SlackHost.StartAsync(
            s =>
            {
                s["Slack:SocketMode"] = "true";
                s["Slack:AppToken"] = FakeSlackApi.AppToken;
            },
            f => state = ChatStateMock.Install(f));
        _ = host.Client;
        var mention = SignedRequests.MessageEvent("Ev0SOCKDOWN", "app_mention", SlackHost.Alice, SlackHost.IncidentChannel, "<@U0BOT00000> runbooks");
        state.FailAddsOf("slack:seen:ev:Ev0SOCKDOWN");

        var unacknowledged = await host.Slack.PostEnvelopeAsync("events_api", mention, Wait);
        // Envelopes are handled in order: once the next one is acknowledged, the first was handled without an ack.
        await host.Slack.SendEnvelopeAsync("events_api", SignedRequests.MessageEvent("Ev0SOCKNEXT", "app_mention", SlackHost.Alice, SlackHost.IncidentChannel, "<@U0BOT00000> help"), Wait);
        Assert.False(unacknowledged.IsCompleted);

        state.Recover();
        var redelivered = await host.Slack.SendEnvelopeAsync("events_api", (JsonObject)mention.DeepClone(), Wait, retryAttempt: 1);

        Assert.NotNull(redelivered["envelope_id"]);
        await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.StartsWith("Runbooks:", StringComparison.Ordinal), Wait);
        await host.Slack.SendEnvelopeAsync("events_api", (JsonObject)mention.DeepClone(), Wait, retryAttempt: 2);
        await host.Slack.SendEnvelopeAsync("events_api", SignedRequests.MessageEvent("Ev0SOCKLAST", "app_mention", SlackHost.Alice, SlackHost.IncidentChannel, "<@U0BOT00000> locks"), Wait);
        await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.StartsWith("No device is locked", StringComparison.Ordinal), Wait);
        Assert.Single(host.Slack.CallsTo("chat.postMessage"), c => c.Str("text")!.StartsWith("Runbooks:", StringComparison.Ordinal));
    }
}
