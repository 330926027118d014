namespace ChatNetOps.Slack.Tests.EndToEnd;

using System.Net;
using ChatNetOps.Core.Audit;
using ChatNetOps.Slack.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using static ChatNetOps.Slack.Tests.EndToEnd.SlackHost;

/// <summary>
/// One busy channel never holds up another: chat.postMessage is paced per channel (5 in any 5 s), and the bot's clock
/// here is a <see cref="FakeTimeProvider"/> that does not move unless the test moves it, so a busy channel's paced
/// replies stay pending for as long as the test wants. Non-members and refusals are answered privately, never paced
/// into the channel.
/// </summary>
public sealed class BusyChannelEndToEndTests
{
    private const string BusyChannel = "C0BUSY0001";
    private const string OtherChannel = "C0OTHER001";
    private const string Stranger = "U0STRANGER9";

    /// <summary>More than the 16 processing slots plus the channel's burst of 5: enough to hold every slot if pacing held one.</summary>
    private const int BusyCommands = 24;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ABusyChannelsPacedReplies_DoNotHoldUpAnotherChannel_AndSurviveARestart()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var first = await StartAsync(null, f => f.TestServices.Add(s => s.AddSingleton<TimeProvider>(clock)));
        for (var i = 0; i < BusyCommands; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await first.CommandAsync(Alice, BusyChannel, "runbooks")).Status);
        }

        await first.CommandAsync(Alice, OtherChannel, "runbooks");

        // The other channel is answered while the busy channel has had only its burst: the clock has not moved, so
        // the rest of its replies are still waiting for their pace.
        await first.Slack.WaitForAsync("chat.postMessage", c => c.Str("channel") == OtherChannel, Wait);
        Assert.Equal(5, PostsTo(first, BusyChannel));

        // The host stops with replies pending: the dialog does not run again, the replies are delivered by the next host.
        await first.Factory.Services.GetRequiredService<IHost>().StopAsync();
        var state = first.Factory.DatabasePath;

        var restartClock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var restarted = new SlackBotFactory(first.Slack);
        restarted.Settings["Storage:Sqlite:Path"] = state;
        restarted.TestServices.Add(s => s.AddSingleton<TimeProvider>(restartClock));
        await using (restarted)
        {
            _ = restarted.Server;
            for (var round = 0; round < 10 && PostsTo(first, BusyChannel) < BusyCommands; round++)
            {
                var target = Math.Min(BusyCommands, PostsTo(first, BusyChannel) + 5);
                try
                {
                    await first.Slack.WaitForAsync("chat.postMessage", _ => PostsTo(first, BusyChannel) >= target, TimeSpan.FromSeconds(5));
                }
                catch (TimeoutException)
                {
                    // Replies still being taken up before their moment was reserved; move the clock on anyway.
                }

                restartClock.Advance(TimeSpan.FromSeconds(5));
            }

            Assert.Equal(BusyCommands, PostsTo(first, BusyChannel));
            Assert.Single(first.Slack.CallsTo("chat.postMessage"), c => c.Str("channel") == OtherChannel);
        }
    }

    [Fact]
    public async Task NonMembersHelp_AndEveryRefusalOfATypedCommand_AreAnsweredOnlyToTheUser()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var host = await StartAsync(null, f => f.TestServices.Add(s => s.AddSingleton<TimeProvider>(clock)));
        for (var i = 0; i < BusyCommands; i++)
        {
            await host.CommandAsync(Stranger, BusyChannel, "help");
        }

        await host.CommandAsync(Erin, BusyChannel, "verify-ospf device=core-rtr-01");
        await host.CommandAsync(Bob, BusyChannel, "approve R-NOSUCH1");
        await host.CommandAsync(Alice, OtherChannel, "runbooks");

        await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("channel") == OtherChannel, Wait);
        await host.Slack.WaitForAsync("response_url", _ => host.Slack.CallsTo("response_url").Count >= BusyCommands + 2, Wait);
        var answers = host.Slack.CallsTo("response_url");
        Assert.Equal(BusyCommands, answers.Count(c => c.RawBody.Contains("are not in the access policy", StringComparison.Ordinal)));
        Assert.Equal(BusyCommands + 2, answers.Count);
        Assert.Contains(await host.Factory.AuditAsync(), e => e.Kind == AuditKind.Denied && e.Actor.UserId == Erin);
        Assert.Equal(0, PostsTo(host, BusyChannel));
        Assert.DoesNotContain(host.Slack.CallsTo("chat.postEphemeral"), c => c.Str("channel") == BusyChannel);
        Assert.Empty(host.Slack.CallsTo("users.info"));
    }

    [Fact]
    public async Task InADirectMessage_AnAnswerForTheUserAlone_IsPostedThere_NotPacedWorkspaceWide()
    {
        await using var host = await StartAsync();

        using (await host.Client.SendAsync(SignedRequests.Event(SignedRequests.MessageEvent("Ev0DMSTRANGE", "message", Stranger, "D0STRANGE1", "help", channelType: "im"))))
        {
        }

        var answer = await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("channel") == "D0STRANGE1", Wait);
        Assert.Contains("are not in the access policy", answer.RawBody, StringComparison.Ordinal);
        Assert.Empty(host.Slack.CallsTo("chat.postEphemeral"));
    }

    private static int PostsTo(SlackHost host, string channel) => host.Slack.CallsTo("chat.postMessage").Count(c => c.Str("channel") == channel);
}
