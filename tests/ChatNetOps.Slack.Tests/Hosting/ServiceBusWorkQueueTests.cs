namespace ChatNetOps.Slack.Tests.Hosting;

using System.Net;
using System.Text.Json.Nodes;
using ChatNetOps.Core.Queues;
using ChatNetOps.ServiceBusBroker;
using ChatNetOps.Slack.Tests.EndToEnd;
using Microsoft.Extensions.DependencyInjection;
using static ChatNetOps.Slack.Tests.EndToEnd.SlackHost;

/// <summary>
/// The bot with Slack on <c>Queue:Provider=ServiceBus</c>: it starts (Slack's durable hand-off is the Service Bus
/// <c>chat-work</c> queue, through Azure.Messaging.ServiceBus against the test broker on 127.0.0.1), acknowledged work
/// stays on that queue, locked, until it is done, and /readyz names the queue when it is missing.
/// </summary>
public sealed class ServiceBusWorkQueueTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SlashCommand_OnServiceBus_IsHeldOnTheChatWorkQueueUntilItsReplyIsSent()
    {
        await using var broker = Broker.Start();
        foreach (var queue in new[] { "jobs", "results", "chat-work" })
        {
            broker.CreateQueue(queue, new QueueSettings { LockDuration = TimeSpan.FromSeconds(30) });
        }

        await using var host = await StartAsync(settings => OnServiceBus(settings, broker));
        Assert.Equal("ServiceBusChatWorkQueue", host.Factory.Services.GetRequiredService<IChatWorkQueue>().GetType().Name);
        host.Slack.Hold("chat.postMessage");

        var (status, text) = await host.CommandAsync(Alice, IncidentChannel, "runbooks");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("Working on", text, StringComparison.Ordinal);
        await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("channel") == IncidentChannel, Wait);
        var chatWork = broker.Find("chat-work")!;
        Assert.Equal(1, chatWork.Count);
        host.Slack.Release("chat.postMessage");
        await WaitUntilAsync(() => chatWork.Count == 0);
        Assert.Equal(0, chatWork.DeadLetterQueue!.Count);
        Assert.Empty(host.Slack.Violations);
    }

    [Fact]
    public async Task ChatWorkQueueMissing_ReadinessNamesIt()
    {
        await using var broker = Broker.Start();
        broker.CreateQueue("jobs");
        broker.CreateQueue("results");

        await using var host = await StartAsync(settings => OnServiceBus(settings, broker));
        using var response = await host.Client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("'chat-work'", (string?)body["checks"]!["backends"]!["description"], StringComparison.Ordinal);
    }

    private static void OnServiceBus(Dictionary<string, string?> settings, Broker broker)
    {
        settings["Queue:Provider"] = "ServiceBus";
        settings["ServiceBus:ConnectionString"] = broker.ConnectionString();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }
}
