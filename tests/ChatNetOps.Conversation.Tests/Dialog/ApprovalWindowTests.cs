namespace ChatNetOps.Conversation.Tests.Dialog;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;

/// <summary>
/// Issue 17: a change made in a change window runs only while the window is open, so its approval is judged against the
/// window when it is given. An approval after the window closed is refused at once — the approver is told which window
/// (id, summary, times) closed and when, the request is closed with that reason, its device lock released, all in the
/// audit chain before the chat is told — instead of being accepted and refused by the worker later. Before the window
/// opens, the approver is told when it opens and the request keeps waiting. Through the dialog on the lab devices.
/// </summary>
public sealed class ApprovalWindowTests
{
    private const string Window = "chg-window";
    private const string Bounce = "bounce-interface device=acc-sw-01 interface=GigabitEthernet1/0/1 incident=INC-4242";

    private static ConversationRef Channel => LifecycleHarness.ConsoleConversation(Window);

    [Fact]
    public async Task ApprovalAfterTheWindowWasClosed_IsRefusedNamingTheWindow_ClosesTheRequest_FreesTheDevice_AndIsRecordedFirst()
    {
        await using var h = LifecycleHarness.Create();
        await h.OpenIncidentAsync();
        await OpenAcknowledgedAsync(h, start: "now", end: "+2h");
        var asked = await h.SayAsync("bob", Bounce, Channel);
        var id = Assert.Single(asked.Messages).RequestId!;
        var card = await h.PostAsync(asked);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.SayAsync("bob", "change close CHG-3001", Channel);

        var answer = await h.SayAsync("carol", $"approve {id}", Channel);

        var updated = Assert.Single(answer.Messages, m => m.ReplaceMessageId is not null);
        Assert.Equal(card, updated.ReplaceMessageId);
        Assert.Equal(CardNames.RequestStatus, updated.CardName);
        var told = Assert.Single(answer.Messages, m => m.Card is null).Text;
        Assert.Equal(
            $"{id} cannot be approved: change window CHG-3001 \"Replace access uplinks\" (2026-11-23 09:00Z–11:00Z) was closed by Bob Brandt at 2026-11-23 09:05Z, so the change would never run. The request is closed; request it again in an open window.",
            told);
        Assert.Contains("Denied", LifecycleHarness.Render(updated), StringComparison.Ordinal);
        Assert.Contains("was closed by Bob Brandt", LifecycleHarness.Render(updated), StringComparison.Ordinal);

        var request = (await h.Store.GetAsync(id, CancellationToken.None))!;
        Assert.Equal((RequestStatus.Denied, null), (request.Status, request.Decision));
        Assert.Equal(told, request.StatusReason);
        Assert.Null(await h.Locks.GetAsync("acc-sw-01", CancellationToken.None));
        Assert.False(await h.HasJobAsync());

        var events = await h.EventsAsync("INC-4242");
        var refused = Assert.Single(events, e => e.Kind == AuditKind.Denied && e.RequestId == id);
        Assert.Equal(("carol", nameof(DenialReason.ChangeWindowClosed), "CHG-3001", "true", nameof(DecisionKind.RunbookRun)),
            (refused.Actor.MemberId, refused.Details["reason"], refused.Details["changeWindow"], refused.Details["requestClosed"], refused.Details["decisionKind"]));
        Assert.True(events.FindIndex(e => e.Kind == AuditKind.LockReleased && e.RequestId == id) > events.IndexOf(refused));
        Assert.DoesNotContain(events, e => e.RequestId == id && e.Kind is AuditKind.Approved or AuditKind.Queued);

        // The card everyone sees follows: the notifier shows the closed request, with no buttons left.
        await h.DrainResultsAsync();
        var last = h.Console.Posts.Last(p => p.MessageId == card).Message;
        Assert.Equal(CardNames.RequestStatus, last.CardName);
        Assert.Empty(last.Card!["actions"]?.AsArray() ?? []);

        // A second approver, a moment later, is told it is no longer waiting.
        var late = Assert.Single((await h.SayAsync("dave", $"approve {id}", Channel)).Messages);
        Assert.Contains("is not waiting for a decision any more", late.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApprovalPressed_AfterTheWindowEnded_IsRefusedWithItsEndTime()
    {
        await using var h = LifecycleHarness.Create();
        await h.OpenIncidentAsync();
        await OpenAcknowledgedAsync(h, start: "now", end: "+10m");
        var asked = await h.SayAsync("bob", Bounce, Channel);
        var id = Assert.Single(asked.Messages).RequestId!;
        var card = await h.PostAsync(asked);
        h.Time.Advance(TimeSpan.FromMinutes(10));

        var answer = await h.PressAsync("carol", "approve", new JsonObject { ["requestId"] = id }, Channel, replyTo: card);

        Assert.Equal(card, Assert.Single(answer.Messages, m => m.ReplaceMessageId is not null).ReplaceMessageId);
        Assert.Contains("change window CHG-3001 \"Replace access uplinks\" (2026-11-23 09:00Z–09:10Z) ended at 2026-11-23 09:10Z", Assert.Single(answer.Messages, m => m.Card is null).Text, StringComparison.Ordinal);
        Assert.Equal(RequestStatus.Denied, (await h.Store.GetAsync(id, CancellationToken.None))!.Status);
        Assert.Null(await h.Locks.GetAsync("acc-sw-01", CancellationToken.None));
    }

    [Fact]
    public async Task ARejectionAfterTheWindowClosed_StillRecordsTheRejection()
    {
        await using var h = LifecycleHarness.Create();
        await h.OpenIncidentAsync();
        await OpenAcknowledgedAsync(h, start: "now", end: "+2h");
        var id = Assert.Single((await h.SayAsync("bob", Bounce, Channel)).Messages).RequestId!;
        await h.SayAsync("bob", "change close", Channel);

        await h.SayAsync("carol", $"reject {id} \"window is gone\"", Channel);

        Assert.Equal(RequestStatus.Rejected, (await h.Store.GetAsync(id, CancellationToken.None))!.Status);
        Assert.Null(await h.Locks.GetAsync("acc-sw-01", CancellationToken.None));
    }

    [Fact]
    public async Task ApprovalBeforeTheWindowOpens_SaysWhenItOpens_AndTheRequestKeepsWaiting_UntilItIsOpen()
    {
        await using var h = LifecycleHarness.Create();
        var template = await h.AwaitApprovalAsync();
        await OpenAcknowledgedAsync(h, start: "+30m", end: "+2h");

        // A submit before the start is refused (ChangeWindowTests); this request is put in the store as if it had been
        // asked for then, so the approval must not trust that the submit checked the window.
        var id = "R-WINDOW01";
        await h.Store.CreateAsync(template with
        {
            Id = id,
            Runbook = "bounce-interface",
            RunbookVersion = h.Catalog.FindRunbook("bounce-interface")!.Version,
            Inputs = new Dictionary<string, string> { ["device"] = "acc-sw-01", ["interface"] = "GigabitEthernet1/0/1" },
            Targets = ["acc-sw-01"],
            Origin = Channel with { Kind = ChannelKind.ChangeWindow, BoundTo = "CHG-3001" },
            ChangeWindow = "CHG-3001",
            ExpiresAt = h.Time.GetUtcNow() + TimeSpan.FromHours(2),
            ApprovalHash = ApprovalHash.Compute("bounce-interface", h.Catalog.FindRunbook("bounce-interface")!.Version, new Dictionary<string, string> { ["device"] = "acc-sw-01", ["interface"] = "GigabitEthernet1/0/1" }, ["acc-sw-01"]),
            ETag = null,
        }, CancellationToken.None);

        var early = Assert.Single((await h.SayAsync("carol", $"approve {id}", Channel)).Messages);
        var text = LifecycleHarness.Render(early);
        Assert.Contains(nameof(DenialReason.ChangeWindowNotOpen), text, StringComparison.Ordinal);
        Assert.Contains($"{id} cannot be approved yet: change window CHG-3001 \"Replace access uplinks\" (2026-11-23 09:30Z–11:00Z) opens at 2026-11-23 09:30Z.", text, StringComparison.Ordinal);
        Assert.Equal((RequestStatus.AwaitingApproval, null), ((await h.Store.GetAsync(id, CancellationToken.None))!.Status, (await h.Store.GetAsync(id, CancellationToken.None))!.Decision));
        Assert.Contains(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.Denied && e.RequestId == id && e.Details["reason"] == nameof(DenialReason.ChangeWindowNotOpen));

        h.Time.Advance(TimeSpan.FromMinutes(30));
        var approved = await h.Decisions.ApproveAsync(id, LifecycleHarness.Person("carol"), null, Channel, CancellationToken.None);
        Assert.True(approved is DecisionOutcome.Approved, $"not approved once open: {approved}");
    }

    internal static async Task OpenAcknowledgedAsync(LifecycleHarness h, string start, string end, string id = "CHG-3001", string devices = "acc-sw-01")
    {
        var card = Assert.Single((await h.SayAsync("bob", $"change open {id} \"Replace access uplinks\" start={start} end={end} devices={devices}", Channel)).Messages);
        Assert.Equal(CardNames.ChangeWindow, card.CardName);
        var action = card.Card!["actions"]!.AsArray().Single(a => (string?)a!["verb"] == "acknowledgeWindow")!["data"]!.DeepClone().AsObject();
        Assert.Contains("acknowledged by Carol Castillo", Assert.Single((await h.PressAsync("carol", "acknowledgeWindow", action, Channel)).Messages).Text, StringComparison.Ordinal);
    }
}
