namespace ChatNetOps.Slack.Tests.EndToEnd;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Core.Audit;
using ChatNetOps.Slack.BlockKit;
using ChatNetOps.Slack.Processing;
using ChatNetOps.Slack.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static ChatNetOps.Slack.Tests.EndToEnd.SlackHost;

/// <summary>
/// The shared chat state store unreachable on Slack's ack path (a fault injected on the port): the payload is not
/// processed and the answer is 503, so Slack retries it (or the user tries again); it is never processed twice.
/// </summary>
public sealed class ChatStateFaultEndToEndTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Event_WhenTheStoreIsUnreachable_Answers503AndIsNotProcessed_ThenSlacksRetryIsProcessedOnce()
    {
        ChatStateMock state = null!;
        await using var host = await StartAsync(null, f => state = ChatStateMock.Install(f));
        var mention = SignedRequests.MessageEvent("Ev0DOWN0001", "app_mention", Alice, IncidentChannel, "<@U0BOT00000> runbooks");
        state.FailAddsOf("slack:seen:ev:");

        using (var refused = await host.Client.SendAsync(SignedRequests.Event(mention)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.False(refused.Headers.Contains(SlackEndpoints.NoRetryHeader));
            var problem = await refused.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Equal(SlackEndpoints.StateUnavailableCode, (string?)problem!["code"]);
        }

        state.Recover();
        using (var retry = await host.Client.SendAsync(SignedRequests.Event(mention, retryNum: 1)))
        {
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        }

        using (var again = await host.Client.SendAsync(SignedRequests.Event(mention, retryNum: 2)))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        using (await host.Client.SendAsync(SignedRequests.Event(SignedRequests.MessageEvent("Ev0DOWN0002", "app_mention", Alice, IncidentChannel, "<@U0BOT00000> help"))))
        {
        }

        await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.StartsWith("ChatNetOps help", StringComparison.Ordinal), Wait);
        await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.StartsWith("Runbooks:", StringComparison.Ordinal), Wait);
        Assert.Single(host.Slack.CallsTo("chat.postMessage"), c => c.Str("text")!.StartsWith("Runbooks:", StringComparison.Ordinal));
        Assert.Equal(3, state.AddsOf("slack:seen:ev:Ev0DOWN0001"));
    }

    [Fact]
    public async Task ButtonPress_WhenTheStoreIsUnreachable_Answers503AndDecidesNothing_ThenPressingAgainApprovesOnce()
    {
        ChatStateMock state = null!;
        await using var host = await StartAsync(null, f => state = ChatStateMock.Install(f));
        await host.CommandAsync(Bob, IncidentChannel, "clear-ospf-neighbor device=dist-sw-01 neighbor=10.78.10.2");
        var approval = await host.Slack.WaitForAsync(c => c.Method is "chat.postMessage" or "chat.update" && c.Str("text")!.StartsWith("Approval needed", StringComparison.Ordinal), Wait, "approval card");
        state.FailAddsOf("slack:seen:ba:");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await host.PressAsync(Carol, approval, "approve"));

        // Anything queued by the refused press would have been decided before this command's card is posted.
        await host.CommandAsync(Alice, IncidentChannel, "runbooks");
        await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.StartsWith("Runbooks:", StringComparison.Ordinal), Wait);
        Assert.DoesNotContain(await host.Factory.AuditAsync(), e => e.Kind == AuditKind.Approved);

        state.Recover();
        Assert.Equal(HttpStatusCode.OK, await host.PressAsync(Carol, approval, "approve"));

        await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.Contains("Carol Castillo approved", StringComparison.Ordinal), Wait);
        Assert.Single(await host.Factory.AuditAsync(), e => e.Kind == AuditKind.Approved);
    }

    [Fact]
    public async Task ButtonPress_WhoseProcessingCannotReadTheStore_IsNotLost_ButProcessedOnceTheStoreAnswers()
    {
        // The card is rendered by one host, which then stops; the press goes to another host on the same file, which
        // has never seen the form and must read it from the store.
        await using var first = await StartAsync();
        await first.CommandAsync(Bob, IncidentChannel, "clear-ospf-neighbor device=dist-sw-01 neighbor=10.78.10.2");
        var approval = await first.Slack.WaitForAsync(c => c.Method is "chat.postMessage" or "chat.update" && c.Str("text")!.StartsWith("Approval needed", StringComparison.Ordinal), Wait, "approval card");
        await first.Factory.Services.GetRequiredService<IHost>().StopAsync();

        var second = new SlackBotFactory(first.Slack);
        second.Settings["Storage:Sqlite:Path"] = first.Factory.DatabasePath;
        var state = ChatStateMock.Install(second);
        await using (second)
        {
            using var client = second.CreateClient();

            // Acknowledged (the repeat check answers), then the form behind the button cannot be read while it is processed.
            state.FailReadsOf(FormStore.KeyPrefix);
            using (var pressed = await client.SendAsync(SignedRequests.Interaction(first.PressPayload(Carol, approval, "reject"))))
            {
                Assert.Equal(HttpStatusCode.OK, pressed.StatusCode);
            }

            await state.WaitForReadsOfAsync(FormStore.KeyPrefix, 1, Wait);
            Assert.Empty(first.Slack.CallsTo("views.open"));

            state.Recover();
            await first.Slack.WaitForAsync("views.open", timeout: Wait);
            Assert.Single(first.Slack.CallsTo("views.open"));
            Assert.DoesNotContain(first.Slack.Calls, c => c.RawBody.Contains(SlackWorkProcessor.FormGoneText, StringComparison.Ordinal));
        }
    }
}
