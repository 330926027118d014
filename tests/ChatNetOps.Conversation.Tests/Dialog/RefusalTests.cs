namespace ChatNetOps.Conversation.Tests.Dialog;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.DependencyInjection;
using ChatNetOps.Testing.Lifecycle;

public sealed class RefusalTests
{
    private const string Bounce = "bounce-interface device=acc-sw-01 interface=GigabitEthernet1/0/1";

    [Fact]
    public async Task StateChanging_FromUnboundConversation_IsRefusedWithWrongChannel()
    {
        await using var h = LifecycleHarness.Create();

        var answer = Assert.Single((await h.SayAsync("bob", Bounce)).Messages);

        AssertDenied(answer, DenialReason.WrongChannel);
        Assert.Contains("incident open", LifecycleHarness.Render(answer), StringComparison.Ordinal);
        await AssertDenialRecordedAsync(h, "bob", DenialReason.WrongChannel);
        Assert.False(await h.HasJobAsync());
    }

    [Fact]
    public async Task StateChanging_InChangeWindowWithoutIncidentId_IsRefusedWithMissingIncident()
    {
        await using var h = LifecycleHarness.Create();
        var changeWindow = new ConversationRef(ChatPlatform.Slack, "C0CHG2001", ChannelKind.Group);

        var answer = Assert.Single((await h.SayAsync("U0BOB000002", Bounce, changeWindow)).Messages);

        AssertDenied(answer, DenialReason.MissingIncident);
        await AssertDenialRecordedAsync(h, "bob", DenialReason.MissingIncident);
    }

    [Fact]
    public async Task UnknownUser_IsRefusedWithUnknownUser()
    {
        await using var h = LifecycleHarness.Create();

        var answer = Assert.Single((await h.SayAsync("mallory", "verify-ospf device=dist-sw-01")).Messages);

        AssertDenied(answer, DenialReason.UnknownUser);
        Assert.Contains((await h.DayEventsAsync()), e => e.Kind == AuditKind.Denied && e.Actor.UserId == "mallory" && e.Details["reason"] == nameof(DenialReason.UnknownUser));
        Assert.False(await h.HasJobAsync());
    }

    [Fact]
    public async Task LockedDevice_IsRefusedWithTheDeviceLockedCardNamingOperatorRunbookIncidentAndSince()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");
        var first = (await h.SayAsync("bob", "clear-ospf-neighbor device=dist-sw-01 neighbor=198.51.100.167")).Messages[0].RequestId!;

        var answer = Assert.Single((await h.SayAsync("carol", "bounce-interface device=dist-sw-01 interface=Ethernet1/1")).Messages);

        Assert.Equal(CardNames.DeviceLocked, answer.CardName);
        var text = LifecycleHarness.Render(answer);
        Assert.Contains("Bob Brandt", text, StringComparison.Ordinal);
        Assert.Contains("clear-ospf-neighbor", text, StringComparison.Ordinal);
        Assert.Contains("INC-4242", text, StringComparison.Ordinal);
        Assert.Contains("2026-11-23T09:00:00Z", text, StringComparison.Ordinal);
        Assert.Contains(first, text, StringComparison.Ordinal);
        Assert.Contains(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.LockRefused && e.Actor.MemberId == "carol");
    }

    [Fact]
    public async Task AfterExpiry_TheCardTurnsIntoTheExpiredCard_AndApprovingIsRefused()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");
        var asked = await h.SayAsync("bob", "clear-ospf-neighbor device=dist-sw-01 neighbor=198.51.100.167");
        var id = asked.Messages[0].RequestId!;
        var messageId = await h.PostAsync(asked);
        await h.RunNextJobAsync(); // its pre-check: the neighbour is there, the request waits for approval
        await h.DrainResultsAsync();
        var updated = h.Console.Posts.Count(p => p.Update);

        h.Time.Advance(TimeSpan.FromMinutes(31));
        await h.Services.GetRequiredService<RequestSweeper>().SweepAsync(CancellationToken.None);
        await h.DrainResultsAsync();

        var update = Assert.Single(h.Console.Posts.Where(p => p.Update).Skip(updated));
        Assert.Equal(messageId, update.MessageId);
        Assert.Equal(CardNames.Expired, update.Message.CardName);
        Assert.Contains("Nothing was run", LifecycleHarness.Render(update.Message), StringComparison.Ordinal);

        var late = await h.PressAsync("carol", "approve", new JsonObject { ["requestId"] = id }, replyTo: messageId);
        Assert.Contains("expired", late.Messages[0].Text, StringComparison.OrdinalIgnoreCase);
        Assert.False(await h.HasJobAsync());
        Assert.Contains(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.Expired && e.RequestId == id);
    }

    [Fact]
    public async Task ApprovingAtTheDeadline_AnswersWithTheExpiredCard()
    {
        await using var h = LifecycleHarness.Create();
        await h.SayAsync("bob", "incident open INC-4242 \"OSPF flaps\"");
        var id = await h.SayAndPreCheckAsync("bob", "clear-ospf-neighbor device=dist-sw-01 neighbor=198.51.100.167");
        h.Time.Advance(TimeSpan.FromMinutes(30));

        var answer = await h.SayAsync("carol", $"approve {id}");

        Assert.Equal(CardNames.Expired, answer.Messages[0].CardName);
        Assert.False(await h.HasJobAsync());
    }

    private static void AssertDenied(Messages.OutboundMessage message, DenialReason reason)
    {
        Assert.Equal(CardNames.Denied, message.CardName);
        var text = LifecycleHarness.Render(message);
        Assert.Contains(reason.ToString(), text, StringComparison.Ordinal);
        Assert.Contains("What would be needed", text, StringComparison.Ordinal);
        Assert.Contains("recorded in the audit trail", text, StringComparison.Ordinal);
    }

    private static async Task AssertDenialRecordedAsync(LifecycleHarness h, string member, DenialReason reason) =>
        Assert.Contains(await h.DayEventsAsync(), e => e.Kind == AuditKind.Denied && e.Actor.MemberId == member && e.Details["reason"] == reason.ToString());
}
