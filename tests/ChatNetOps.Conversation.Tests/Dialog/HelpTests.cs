namespace ChatNetOps.Conversation.Tests.Dialog;

using ChatNetOps.Conversation.Cards;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;

public sealed class HelpTests
{
    [Fact]
    public async Task Help_DiffersByUser()
    {
        await using var h = LifecycleHarness.Create();

        var alice = await HelpAsync(h, "alice");
        var carol = await HelpAsync(h, "carol");
        var erin = await HelpAsync(h, "erin");

        Assert.Contains("verify-ospf device=", alice, StringComparison.Ordinal);
        Assert.DoesNotContain("approve REQUEST-ID", alice, StringComparison.Ordinal);
        Assert.Contains("approve REQUEST-ID", carol, StringComparison.Ordinal);
        Assert.Contains("system-status device=", erin, StringComparison.Ordinal);
        Assert.DoesNotContain("verify-ospf device=", erin, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_DiffersByChannel_StateChangingRunbooksOnlyInIncidentChannels()
    {
        await using var h = LifecycleHarness.Create();

        var unbound = await HelpAsync(h, "bob");
        await h.SayAsync("bob", "incident open INC-9 \"flaps\"");
        var bound = await HelpAsync(h, "bob");
        var slackDirect = LifecycleHarness.Render((await h.SayAsync("U0BOB000002", "help", new ConversationRef(ChatPlatform.Slack, "D0BOB", ChannelKind.Direct))).Messages[0]);

        Assert.DoesNotContain("bounce-interface device=", unbound, StringComparison.Ordinal);
        Assert.Contains("Not available here", unbound, StringComparison.Ordinal);
        Assert.Contains("bounce-interface device=", bound, StringComparison.Ordinal);
        Assert.Contains("bound to INC-9", bound, StringComparison.Ordinal);
        Assert.DoesNotContain("bounce-interface device=", slackDirect, StringComparison.Ordinal);
        Assert.Contains("verify-ospf device=", slackDirect, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_InADirectMessage_ListsNotifyAndReport_AndNoIncidentCommandsThatAreAlwaysRefusedThere()
    {
        await using var h = LifecycleHarness.Create();

        var bobDirect = LifecycleHarness.Render((await h.SayAsync("U0BOB000002", "help", new ConversationRef(ChatPlatform.Slack, "D0BOB", ChannelKind.Direct))).Messages[0]);
        var bobGroup = await HelpAsync(h, "bob");
        var alice = await HelpAsync(h, "alice");

        Assert.Contains("notify REQUEST-ID|DEVICE", bobDirect, StringComparison.Ordinal);
        Assert.Contains("report [7d|30d]", bobDirect, StringComparison.Ordinal);
        Assert.DoesNotContain("incident open", bobDirect, StringComparison.Ordinal);
        Assert.DoesNotContain("change open", bobDirect, StringComparison.Ordinal);
        Assert.Contains("incident show [INC-1234]", bobDirect, StringComparison.Ordinal);
        Assert.Contains("incident open INC-1234", bobGroup, StringComparison.Ordinal);
        Assert.DoesNotContain("incident open", alice, StringComparison.Ordinal);
        Assert.DoesNotContain("report [7d|30d]", alice, StringComparison.Ordinal);
        Assert.Contains("notify REQUEST-ID|DEVICE", alice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsIncidentAndChangeCommands_OnlyWhereThisConversationWouldAcceptThem()
    {
        await using var h = LifecycleHarness.Create();
        var windowConversation = LifecycleHarness.ConsoleConversation("chg-window");
        var standing = new ConversationRef(ChatPlatform.Slack, "C0CHG2001", ChannelKind.Group);

        var unbound = await HelpAsync(h, "bob");
        await h.SayAsync("bob", "incident open INC-9 \"flaps\"");
        var incident = await HelpAsync(h, "bob");
        await h.SayAsync("bob", "change open CHG-3001 \"uplinks\" start=now end=+2h devices=acc-sw-01", windowConversation);
        var window = LifecycleHarness.Render(Assert.Single((await h.SayAsync("bob", "help", windowConversation)).Messages));
        var standingWindow = LifecycleHarness.Render(Assert.Single((await h.SayAsync("U0BOB000002", "help", standing)).Messages));

        Assert.Contains("incident open INC-1234", unbound, StringComparison.Ordinal);
        Assert.Contains("change open CHG-3001", unbound, StringComparison.Ordinal);
        Assert.DoesNotContain("incident close", unbound, StringComparison.Ordinal);
        Assert.DoesNotContain("incident attach", unbound, StringComparison.Ordinal);
        Assert.DoesNotContain("change close", unbound, StringComparison.Ordinal);

        // Bound to INC-9: change open is always refused here (WrongChannel), closing and attaching are not.
        Assert.DoesNotContain("change open", incident, StringComparison.Ordinal);
        Assert.DoesNotContain("change close", incident, StringComparison.Ordinal);
        Assert.Contains("incident close \"RESOLUTION\"", incident, StringComparison.Ordinal);
        Assert.Contains("incident attach REQUEST-ID", incident, StringComparison.Ordinal);
        var refused = LifecycleHarness.Render(Assert.Single((await h.SayAsync("bob", "change open CHG-3002 \"x\" start=now end=+2h devices=acc-sw-01")).Messages));
        Assert.Contains(nameof(DenialReason.WrongChannel), refused, StringComparison.Ordinal);

        // Bound to a change window: incident open and a second change open are refused; closing this window is not.
        Assert.Contains("change close CHG-3001", window, StringComparison.Ordinal);
        Assert.DoesNotContain("change open", window, StringComparison.Ordinal);
        Assert.DoesNotContain("incident open", window, StringComparison.Ordinal);
        Assert.DoesNotContain("incident close", window, StringComparison.Ordinal);

        // A standing window of policy.yaml: neither opened, closed nor rebound from chat.
        Assert.DoesNotContain("change open", standingWindow, StringComparison.Ordinal);
        Assert.DoesNotContain("change close", standingWindow, StringComparison.Ordinal);
        Assert.DoesNotContain("incident open", standingWindow, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpForARunbook_TheUsersRoleIsNotGranted_SaysTheRoleNotTheChannel()
    {
        await using var h = LifecycleHarness.Create();

        var alice = await HelpAsync(h, "alice", "help bounce-interface");
        var bob = await HelpAsync(h, "bob", "help bounce-interface");

        Assert.Contains("You may not run it: it needs the role admin or network-engineer (yours: noc-engineer).", alice, StringComparison.Ordinal);
        Assert.DoesNotContain("You may not run it here", alice, StringComparison.Ordinal);
        Assert.Contains("You may not run it here (", bob, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ForUnknownUser_SaysTheyAreNotInThePolicy()
    {
        await using var h = LifecycleHarness.Create();

        var text = await HelpAsync(h, "mallory");

        Assert.Contains("not in the access policy", text, StringComparison.Ordinal);
        Assert.DoesNotContain("verify-ospf", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpForARunbook_ListsItsInputs()
    {
        await using var h = LifecycleHarness.Create();

        var text = await HelpAsync(h, "bob", "help firewall-sessions");

        Assert.Contains("dport=NUMBER (optional)", text, StringComparison.Ordinal);
        Assert.Contains("One of: 1, 6, 17", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runbooks_ListsOnlyWhatTheUserMayRunHere()
    {
        await using var h = LifecycleHarness.Create();

        var erin = (await h.SayAsync("erin", "runbooks")).Messages[0];

        Assert.Equal(CardNames.RunbookList, erin.CardName);
        Assert.Equal("Runbooks: system-status", erin.Text);
    }

    private static async Task<string> HelpAsync(LifecycleHarness h, string user, string text = "help")
    {
        var message = Assert.Single((await h.SayAsync(user, text)).Messages);
        Assert.Equal(CardNames.Help, message.CardName);
        return LifecycleHarness.Render(message);
    }
}
