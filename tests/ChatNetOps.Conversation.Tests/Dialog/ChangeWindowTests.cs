namespace ChatNetOps.Conversation.Tests.Dialog;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.ChangeWindows;
using ChatNetOps.Core.Checks;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Change windows as records (issue 17), end to end through the dialog: <c>change open</c> binds a window to its
/// conversation, a member of the policy's acknowledging roles (sample: change-approver, admin) acknowledges it — never
/// its opener, one of racing decisions wins — and state-changing runbooks run there only while it is open and
/// acknowledged, only on its devices. A standard runbook needs no per-run approval inside such a window, and the
/// normal one everywhere else.
/// </summary>
public sealed class ChangeWindowTests
{
    private const string Window = "chg-window";
    private const string Bounce = "bounce-interface device=acc-sw-01 interface=GigabitEthernet1/0/1 incident=INC-4242";

    private static ConversationRef Channel => LifecycleHarness.ConsoleConversation(Window);

    [Fact]
    public async Task Open_WaitsForAcknowledgement_OpenerAndOtherRolesAreRefused_AnAcknowledgerAcknowledges_AllInTheWindowsChain()
    {
        await using var h = LifecycleHarness.Create();

        var card = Assert.Single((await h.SayAsync("bob", "change open CHG-3001 \"Replace access uplinks\" start=+1h end=+3h devices=acc-sw-01,acc-sw-02", Channel)).Messages);
        Assert.Equal(CardNames.ChangeWindow, card.CardName);
        Assert.StartsWith("CHG-3001 opened by Bob Brandt; this conversation is bound to it.", card.Text, StringComparison.Ordinal);
        Assert.Contains("is scheduled for 2026-11-23 10:00Z–12:00Z on devices acc-sw-01, acc-sw-02", card.Text, StringComparison.Ordinal);
        Assert.Contains("Carol Castillo", card.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Bob Brandt,", card.Text, StringComparison.Ordinal);
        Assert.Equal(["acknowledgeWindow", "rejectWindow"], card.Card!["actions"]!.AsArray().Select(a => (string?)a!["verb"]));

        var self = Assert.Single((await h.PressAsync("bob", "acknowledgeWindow", Action(card), Channel)).Messages);
        Assert.Contains(nameof(DenialReason.SelfApproval), LifecycleHarness.Render(self), StringComparison.Ordinal);
        Assert.Contains("You opened CHG-3001; someone else must acknowledge it.", LifecycleHarness.Render(self), StringComparison.Ordinal);
        Assert.DoesNotContain("see the reason above", LifecycleHarness.Render(self), StringComparison.Ordinal);
        Assert.Contains("an engineer other than the one who opened the window acknowledges it", LifecycleHarness.Render(self), StringComparison.Ordinal);
        var alice = Assert.Single((await h.PressAsync("alice", "acknowledgeWindow", Action(card), Channel)).Messages);
        Assert.Contains("A change window is acknowledged by a member with the role change-approver or admin", LifecycleHarness.Render(alice), StringComparison.Ordinal);
        var elsewhere = Assert.Single((await h.PressAsync("carol", "acknowledgeWindow", Action(card))).Messages);
        Assert.Contains(nameof(DenialReason.WrongConversation), LifecycleHarness.Render(elsewhere), StringComparison.Ordinal);
        Assert.Null((await WindowAsync(h)).Acknowledgement);

        var acknowledged = Assert.Single((await h.PressAsync("carol", "acknowledgeWindow", Action(card), Channel)).Messages);
        Assert.Contains("acknowledged by Carol Castillo", acknowledged.Text, StringComparison.Ordinal);
        Assert.Empty(acknowledged.Card!["actions"]?.AsArray() ?? []);

        var events = await h.EventsAsync("CHG-3001");
        Assert.Equal(
            [AuditKind.ChangeWindowOpened, AuditKind.Denied, AuditKind.Denied, AuditKind.Denied, AuditKind.ChangeWindowAcknowledged],
            events.Select(e => e.Kind));
        Assert.Equal("carol", events[^1].Actor.MemberId);
        Assert.Equal(Action(card)["hash"]!.GetValue<string>(), events[^1].Details["hash"]);
        Assert.Equal(nameof(DecisionKind.ChangeWindowAcknowledgement), events[^1].Details["decisionKind"]);
        Assert.True((await new AuditVerifier(h.Audit).VerifyAsync("CHG-3001", CancellationToken.None)).IsIntact);
    }

    [Fact]
    public async Task RacingAcknowledgements_OneWins_TheOtherIsToldWhoDecided()
    {
        await using var h = LifecycleHarness.Create();
        var card = (await h.SayAsync("bob", "change open CHG-3001 \"Replace access uplinks\" start=now end=+2h group=access", Channel)).Messages[0];

        var answers = await Task.WhenAll(
            h.PressAsync("carol", "acknowledgeWindow", Action(card), Channel),
            h.PressAsync("dave", "rejectWindow", Action(card), Channel));

        var texts = answers.Select(a => Assert.Single(a.Messages).Text).ToArray();
        var loser = Assert.Single(texts, t => t.Contains("was already", StringComparison.Ordinal));
        var carolWon = texts.Any(t => t.Contains("acknowledged by Carol Castillo", StringComparison.Ordinal) && !t.Contains("was already", StringComparison.Ordinal));
        Assert.Contains(carolWon ? "already acknowledged by Carol Castillo" : "already rejected by Dave Dietrich", loser, StringComparison.Ordinal);
        Assert.Single(await h.EventsAsync("CHG-3001"), e => e.Kind is AuditKind.ChangeWindowAcknowledged or AuditKind.ChangeWindowRejected);
        Assert.Equal(carolWon, (await WindowAsync(h)).IsAcknowledged);
    }

    [Fact]
    public async Task StateChangingRun_BeforeTheWindowOpens_IsRefusedNamingTheWindowAndItsTimes_AndRunsOnceItIsOpen()
    {
        await using var h = LifecycleHarness.Create();
        await h.OpenIncidentAsync();
        await OpenAcknowledgedAsync(h, start: "+1h", end: "+3h");

        var early = Assert.Single((await h.SayAsync("bob", Bounce, Channel)).Messages);
        var text = LifecycleHarness.Render(early);
        Assert.Contains(nameof(DenialReason.ChangeWindowNotOpen), text, StringComparison.Ordinal);
        Assert.Contains("CHG-3001 is scheduled for 2026-11-23 10:00Z–12:00Z; bounce-interface runs in it only once it opens at 2026-11-23 10:00Z.", text, StringComparison.Ordinal);
        Assert.False(await h.HasJobAsync());
        Assert.Null(await h.Locks.GetAsync("acc-sw-01", CancellationToken.None));

        h.Time.Advance(TimeSpan.FromHours(1));
        var awaiting = Assert.Single((await h.SayAsync("bob", Bounce, Channel)).Messages);
        Assert.Equal(CardNames.ApprovalRequest, awaiting.CardName);
        var request = Assert.Single(await h.Store.ListByIncidentAsync("INC-4242", CancellationToken.None));
        Assert.Equal("CHG-3001", request.ChangeWindow);

        // The moment it opened is in its chain, recorded by the first read after its start.
        Assert.Contains(await h.EventsAsync("CHG-3001"), e => e.Kind == AuditKind.ChangeWindowStarted && e.Details["acknowledged"] == "true");
    }

    [Fact]
    public async Task StateChangingRun_InAnOpenWindow_OutsideItsScope_OrBeforeItIsAcknowledged_IsRefused()
    {
        await using var h = LifecycleHarness.Create();
        await h.OpenIncidentAsync();
        var card = (await h.SayAsync("bob", "change open CHG-3001 \"Replace access uplinks\" start=now end=+2h devices=acc-sw-02", Channel)).Messages[0];

        var unacknowledged = LifecycleHarness.Render(Assert.Single((await h.SayAsync("bob", Bounce.Replace("acc-sw-01", "acc-sw-02", StringComparison.Ordinal), Channel)).Messages));
        Assert.Contains(nameof(DenialReason.ChangeWindowNotAcknowledged), unacknowledged, StringComparison.Ordinal);

        await h.PressAsync("carol", "acknowledgeWindow", Action(card), Channel);
        var outside = LifecycleHarness.Render(Assert.Single((await h.SayAsync("bob", Bounce, Channel)).Messages));
        Assert.Contains(nameof(DenialReason.OutsideChangeWindow), outside, StringComparison.Ordinal);
        Assert.Contains("acc-sw-01 is outside CHG-3001 (devices acc-sw-02)", outside, StringComparison.Ordinal);
        Assert.Null(await h.Locks.GetAsync("acc-sw-01", CancellationToken.None));
        Assert.False(await h.HasJobAsync());
    }

    [Fact]
    public async Task ClosedWindow_RefusesANewChangeNamingTheWindowAndItsTimes_AtItsEndAndWhenClosed()
    {
        await using var h = LifecycleHarness.Create();
        await h.OpenIncidentAsync();
        await OpenAcknowledgedAsync(h, start: "now", end: "+2h");

        h.Time.Advance(TimeSpan.FromHours(2));
        var ended = LifecycleHarness.Render(Assert.Single((await h.SayAsync("bob", Bounce, Channel)).Messages));
        Assert.Contains(nameof(DenialReason.ChangeWindowClosed), ended, StringComparison.Ordinal);
        Assert.Contains("CHG-3001 (2026-11-23 09:00Z–11:00Z) ended at 2026-11-23 11:00Z; a new change is refused.", ended, StringComparison.Ordinal);
        Assert.Contains(await h.EventsAsync("CHG-3001"), e => e.Kind == AuditKind.ChangeWindowClosed && e.Details["reason"] == "ended");

        // A new window in the same conversation, closed early by its opener.
        await OpenAcknowledgedAsync(h, start: "now", end: "+2h", id: "CHG-3002");
        var closed = Assert.Single((await h.SayAsync("bob", "change close", Channel)).Messages);
        Assert.StartsWith("CHG-3002 closed by Bob Brandt", closed.Text, StringComparison.Ordinal);
        var refused = LifecycleHarness.Render(Assert.Single((await h.SayAsync("bob", Bounce, Channel)).Messages));
        Assert.Contains("CHG-3002 (2026-11-23 11:00Z–13:00Z) was closed by Bob Brandt at 2026-11-23 11:00Z; a new change is refused.", refused, StringComparison.Ordinal);
        Assert.Equal(
            [AuditKind.ChangeWindowOpened, AuditKind.ChangeWindowAcknowledged, AuditKind.ChangeWindowStarted, AuditKind.ChangeWindowClosed],
            (await h.EventsAsync("CHG-3002")).Where(e => e.Kind != AuditKind.Denied).Select(e => e.Kind));
    }

    [Fact]
    public async Task ApprovedChange_WhoseWindowClosesBeforeItStarts_IsNotRun_AndItsDeviceIsFreed()
    {
        await using var h = LifecycleHarness.Create();
        await h.OpenIncidentAsync();
        await OpenAcknowledgedAsync(h, start: "now", end: "+2h");
        await h.SayAsync("bob", Bounce, Channel);
        var request = Assert.Single(await h.Store.ListByIncidentAsync("INC-4242", CancellationToken.None));
        Assert.IsType<DecisionOutcome.Approved>(await h.Decisions.ApproveAsync(request.Id, LifecycleHarness.Person("carol"), null, Channel, CancellationToken.None));

        await h.SayAsync("bob", "change close CHG-3001", Channel);
        var done = await h.RunNextJobAsync();

        Assert.Equal(RequestStatus.Failed, done.Status);
        Assert.Contains("CHG-3001", done.StatusReason, StringComparison.Ordinal);
        Assert.Contains("was closed by Bob Brandt", done.StatusReason, StringComparison.Ordinal);
        Assert.Null(await h.Locks.GetAsync("acc-sw-01", CancellationToken.None));
        Assert.DoesNotContain(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.Started);
    }

    [Fact]
    public async Task StandardRunbook_InsideItsOpenAcknowledgedWindow_RunsWithTheAcknowledgementAsItsApproval()
    {
        await using var h = LifecycleHarness.Create(StandardBounce);
        await h.OpenIncidentAsync();
        await OpenAcknowledgedAsync(h, start: "now", end: "+2h");

        var asked = await h.SayAsync("bob", Bounce, Channel);
        var answer = Assert.Single(asked.Messages);
        Assert.NotEqual(CardNames.ApprovalRequest, answer.CardName);
        Assert.Equal(RequestStatus.Requested, Assert.Single(await h.Store.ListByIncidentAsync("INC-4242", CancellationToken.None)).Status);

        // The pre-check (mandatory for standard runs) looks first; once it passed, the acknowledgement approves the run.
        await h.PostAsync(asked);
        var queued = await h.RunNextJobAsync();
        Assert.Equal(RequestStatus.Queued, queued.Status);
        Assert.True(queued.PreCheck!.Passed);
        Assert.Equal((DecisionKind.ChangeWindowAcknowledgement, "carol"), (queued.Decision!.Kind, queued.Decision.By.MemberId));

        var done = await h.RunNextJobAsync();
        Assert.Equal(RequestStatus.Succeeded, done.Status);
        var chain = await h.EventsAsync("INC-4242");
        Assert.True(chain.ToList().FindIndex(e => e.Kind == AuditKind.PreChecked) < chain.ToList().FindIndex(e => e.Kind == AuditKind.Approved));
        var approved = Assert.Single(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.Approved);
        Assert.Equal("carol", approved.Actor.MemberId);
        Assert.Equal(nameof(DecisionKind.ChangeWindowAcknowledgement), approved.Details["decisionKind"]);
        Assert.Equal("CHG-3001", approved.Details["changeWindow"]);
        Assert.Equal((await WindowAsync(h)).Hash, approved.Details["changeWindowHash"]);
        Assert.DoesNotContain(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.ApprovalRequested);

        // The incident's record (and so its export) names the window and what approved the change.
        var timeline = await h.Services.GetRequiredService<Core.Incidents.IncidentTimelineBuilder>().BuildAsync("INC-4242", null, CancellationToken.None);
        var run = Assert.Single(timeline.Runs);
        Assert.Equal(("CHG-3001", nameof(DecisionKind.ChangeWindowAcknowledgement), "carol"), (run.ChangeWindow, run.DecisionKind, run.DecidedBy!.MemberId));
    }

    [Fact]
    public async Task StandardRunbook_OutsideItsWindow_NeedsTheNormalApproval_AndIsRefusedInAWindowNotYetOpen()
    {
        await using var h = LifecycleHarness.Create(StandardBounce);
        await h.OpenIncidentAsync();

        // In the incident's own conversation (no window) the normal rules hold: a second engineer approves.
        var asked = await h.SayAsync("bob", Bounce);
        await h.PostAsync(asked);
        var waiting = await h.RunNextJobAsync();
        Assert.Equal(RequestStatus.AwaitingApproval, waiting.Status);
        Assert.True(waiting.PreCheck!.Passed);
        await h.DrainResultsAsync();
        Assert.Equal(CardNames.ApprovalRequest, h.Console.Posts.Last(p => p.Message.RequestId == waiting.Id).Message.CardName);
        Assert.Single(await h.Store.ListByIncidentAsync("INC-4242", CancellationToken.None), r => r.Status == RequestStatus.AwaitingApproval);
        Assert.Equal(nameof(DecisionKind.RunbookRun), Assert.Single(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.ApprovalRequested).Details["decisionKind"]);
        Assert.DoesNotContain(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.Approved);

        await OpenAcknowledgedAsync(h, start: "+1h", end: "+3h", devices: "acc-sw-02");
        var scheduled = LifecycleHarness.Render(Assert.Single((await h.SayAsync("bob", Bounce.Replace("acc-sw-01", "acc-sw-02", StringComparison.Ordinal), Channel)).Messages));
        Assert.Contains(nameof(DenialReason.ChangeWindowNotOpen), scheduled, StringComparison.Ordinal);
        Assert.False(await h.HasJobAsync());
    }

    [Fact]
    public async Task StandardRunbook_WhoseWindowClosedBeforeItsPreCheckRan_WaitsForTheNormalApproval()
    {
        await using var h = LifecycleHarness.Create(StandardBounce);
        await h.OpenIncidentAsync();
        await OpenAcknowledgedAsync(h, start: "now", end: "+2h");

        var asked = await h.SayAsync("bob", Bounce, Channel);
        await h.PostAsync(asked);
        h.Time.Advance(TimeSpan.FromHours(2));

        // The window's acknowledgement is judged when the pre-check passed, with the time then: it no longer approves.
        var waiting = await h.RunNextJobAsync();
        Assert.Equal(RequestStatus.AwaitingApproval, waiting.Status);
        Assert.Null(waiting.Decision);
        Assert.DoesNotContain(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.Approved);
        Assert.False(await h.HasJobAsync());
    }

    [Fact]
    public async Task StandardRunbook_WhoseWindowEndedBeforeItsPreCheckRan_CannotThenBeApproved_TheRequestIsClosedNamingTheWindow()
    {
        await using var h = LifecycleHarness.Create(StandardBounce);
        await h.OpenIncidentAsync();
        await OpenAcknowledgedAsync(h, start: "now", end: "+10m");
        await h.PostAsync(await h.SayAsync("bob", Bounce, Channel));
        h.Time.Advance(TimeSpan.FromMinutes(10));
        var waiting = await h.RunNextJobAsync();
        Assert.Equal(RequestStatus.AwaitingApproval, waiting.Status);

        // The normal approval obeys the window too: it has ended, so approving is refused and the request is closed.
        var answer = await h.SayAsync("carol", $"approve {waiting.Id}", Channel);
        Assert.Contains(answer.Messages, m => m.Text.Contains("cannot be approved: change window CHG-3001 \"Replace access uplinks\" (2026-11-23 09:00Z–09:10Z) ended at 2026-11-23 09:10Z", StringComparison.Ordinal));
        Assert.Equal(RequestStatus.Denied, (await h.Store.GetAsync(waiting.Id, CancellationToken.None))!.Status);
        Assert.Null(await h.Locks.GetAsync("acc-sw-01", CancellationToken.None));
        Assert.False(await h.HasJobAsync());
        Assert.DoesNotContain(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.Approved);
    }

    [Fact]
    public async Task StandingPolicyBinding_IsAnAlwaysAcknowledgedWindow_ThatApprovesAStandardRun()
    {
        await using var h = LifecycleHarness.Create(StandardBounce);
        await h.OpenIncidentAsync();
        var standing = new ConversationRef(ChatPlatform.Slack, "C0CHG2001", ChannelKind.Group);

        var show = Assert.Single((await h.SayAsync("U0BOB000002", "change show", standing)).Messages);
        Assert.Contains("CHG-2001", show.Text, StringComparison.Ordinal);
        Assert.Contains("acknowledged by ChatNetOps", show.Text, StringComparison.Ordinal);
        await h.PostAsync(await h.SayAsync("U0BOB000002", Bounce, standing));
        await h.RunNextJobAsync();

        var queued = Assert.Single(await h.Store.ListByIncidentAsync("INC-4242", CancellationToken.None));
        Assert.Equal((RequestStatus.Queued, DecisionKind.ChangeWindowAcknowledgement, "CHG-2001"), (queued.Status, queued.Decision!.Kind, queued.ChangeWindow));
        var close = LifecycleHarness.Render(Assert.Single((await h.SayAsync("U0BOB000002", "change close", standing)).Messages));
        Assert.Contains("standing window declared in policy.yaml", close, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_IsRefused_ForBadTimesScopeOrAConversationAlreadyBound()
    {
        await using var h = LifecycleHarness.Create();
        await h.OpenIncidentAsync();

        Assert.Contains("is not a time change open understands",
            LifecycleHarness.Render(Assert.Single((await h.SayAsync("bob", "change open CHG-3001 \"x\" start=22:00 end=+2h group=access", Channel)).Messages)), StringComparison.Ordinal);
        Assert.Contains("exactly one of devices=a,b or group=NAME",
            LifecycleHarness.Render(Assert.Single((await h.SayAsync("bob", "change open CHG-3001 \"x\" start=now end=+2h", Channel)).Messages)), StringComparison.Ordinal);
        Assert.Contains("There is no device 'nope-01'",
            LifecycleHarness.Render(Assert.Single((await h.SayAsync("bob", "change open CHG-3001 \"x\" start=now end=+2h devices=nope-01", Channel)).Messages)), StringComparison.Ordinal);
        Assert.Contains("end must be after its start",
            LifecycleHarness.Render(Assert.Single((await h.SayAsync("bob", "change open CHG-3001 \"x\" start=+2h end=+1h group=access", Channel)).Messages)), StringComparison.Ordinal);
        Assert.Contains("This conversation is bound to INC-4242",
            LifecycleHarness.Render(Assert.Single((await h.SayAsync("bob", "change open CHG-3001 \"x\" start=now end=+2h group=access")).Messages)), StringComparison.Ordinal);
        Assert.Contains("do not allow binding",
            LifecycleHarness.Render(Assert.Single((await h.SayAsync("alice", "change open CHG-3001 \"x\" start=now end=+2h group=access", Channel)).Messages)), StringComparison.Ordinal);

        await h.SayAsync("bob", "change open CHG-3001 \"x\" start=now end=+2h group=access", Channel);
        Assert.Contains("INC-4242 is an incident; give the change window its own id.",
            LifecycleHarness.Render(Assert.Single((await h.SayAsync("bob", "change open INC-4242 \"x\" start=now end=+2h group=access", LifecycleHarness.ConsoleConversation("third"))).Messages)), StringComparison.Ordinal);
        Assert.Contains("CHG-3001 is a change window; give the incident its own id.",
            LifecycleHarness.Render(Assert.Single((await h.SayAsync("bob", "incident open CHG-3001 \"x\"", LifecycleHarness.ConsoleConversation("fourth"))).Messages)), StringComparison.Ordinal);
        Assert.Contains("This conversation is bound to change window CHG-3001",
            LifecycleHarness.Render(Assert.Single((await h.SayAsync("bob", "incident open INC-5005 \"x\"", Channel)).Messages)), StringComparison.Ordinal);
        Assert.Contains("already bound to CHG-3001",
            LifecycleHarness.Render(Assert.Single((await h.SayAsync("bob", "change open CHG-3002 \"y\" start=now end=+2h group=access", Channel)).Messages)), StringComparison.Ordinal);
        Assert.Contains("CHG-3001 already exists",
            LifecycleHarness.Render(Assert.Single((await h.SayAsync("bob", "change open CHG-3001 \"y\" start=now end=+2h group=access", LifecycleHarness.ConsoleConversation("other"))).Messages)), StringComparison.Ordinal);
        Assert.DoesNotContain(await h.EventsAsync("CHG-3002"), e => e.Kind != AuditKind.Denied);
    }

    [Fact]
    public async Task Open_IsRefused_ForAnIdPolicyDeclaresAsAStandingWindow_OrOneAlreadyOpened_NamingWhereItExists()
    {
        await using var h = LifecycleHarness.Create();

        // inventory/policy.yaml binds Slack C0CHG2001 to the standing window CHG-2001: a second window may not share its id (or audit chain).
        var standing = LifecycleHarness.Render(Assert.Single((await h.SayAsync("bob", "change open chg-2001 \"Replace access uplinks\" start=now end=+2h devices=acc-sw-01", Channel)).Messages));
        Assert.Contains(nameof(DenialReason.InvalidInput), standing, StringComparison.Ordinal);
        Assert.Contains("CHG-2001 is a standing change window declared in policy.yaml (bindings: slack C0CHG2001); give this change window its own id.", standing, StringComparison.Ordinal);
        Assert.Null(await h.Services.GetRequiredService<IChangeWindowStore>().GetAsync("CHG-2001", CancellationToken.None));
        Assert.DoesNotContain(await h.EventsAsync("CHG-2001"), e => e.Kind == AuditKind.ChangeWindowOpened);

        await h.SayAsync("bob", "change open CHG-3001 \"Replace access uplinks\" start=now end=+2h devices=acc-sw-01", Channel);
        await h.SayAsync("bob", "change close CHG-3001", Channel);
        var again = LifecycleHarness.Render(Assert.Single((await h.SayAsync("bob", "change open CHG-3001 \"Again\" start=now end=+2h devices=acc-sw-01", LifecycleHarness.ConsoleConversation("other"))).Messages));
        Assert.Contains($"CHG-3001 already exists: opened by Bob Brandt in Console conversation {Channel.ConversationId} (2026-11-23 09:00Z–11:00Z) and was closed by Bob Brandt at 2026-11-23 09:00Z.", again, StringComparison.Ordinal);
        Assert.Contains("give this one its own id, or see that one with 'change show CHG-3001'", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClosedWindowCard_SaysWhoClosedItAndWhen_NotWhatRunsWhileItIsOpen()
    {
        await using var h = LifecycleHarness.Create();
        await OpenAcknowledgedAsync(h, start: "now", end: "+2h");
        h.Time.Advance(TimeSpan.FromMinutes(5));

        var closed = Assert.Single((await h.SayAsync("bob", "change close CHG-3001", Channel)).Messages);
        var text = LifecycleHarness.Render(closed);

        Assert.Equal(CardNames.ChangeWindow, closed.CardName);
        Assert.Contains("CHG-3001 was closed by Bob Brandt at 2026-11-23 09:05Z (acknowledged by Carol Castillo); nothing new runs in it.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("while it is open", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeList_ShowsEachWindowWithItsStateAndAcknowledgement()
    {
        await using var h = LifecycleHarness.Create();
        await OpenAcknowledgedAsync(h, start: "now", end: "+2h");

        var list = Assert.Single((await h.SayAsync("alice", "change list")).Messages);

        Assert.Contains("CHG-3001: Replace access uplinks · Open · 2026-11-23 09:00Z–11:00Z · devices acc-sw-01 · acknowledged by Carol Castillo", list.Text, StringComparison.Ordinal);
    }

    /// <summary>
    /// bounce-interface as a standard change with a real pre-check (mandatory for standard runs; the lint rule a standard
    /// runbook must pass): interface-counters on the same interface, run by the worker when the change is requested.
    /// </summary>
    private static void StandardBounce(IServiceCollection services) => services.AddSingleton(_ =>
    {
        var loaded = ChatNetOps.Core.Inventory.Loading.InventoryLoader.LoadOrThrow(InventoryPaths.Resolve("inventory"));
        return new InventoryCatalog(loaded.Devices, loaded.Runbooks.Select(r => r.Name == "bounce-interface" ? r with
        {
            Standard = true,
            PreCheck = new CheckStep(new RunbookLink("interface-counters", new Dictionary<string, string> { ["device"] = "{device}", ["interface"] = "{interface}" }), false, TimeSpan.Zero, TimeSpan.Zero),
        } : r), loaded.Policy, loaded.JumpHosts);
    });

    private static async Task OpenAcknowledgedAsync(LifecycleHarness h, string start, string end, string id = "CHG-3001", string devices = "acc-sw-01")
    {
        var card = Assert.Single((await h.SayAsync("bob", $"change open {id} \"Replace access uplinks\" start={start} end={end} devices={devices}", Channel)).Messages);
        Assert.Equal(CardNames.ChangeWindow, card.CardName);
        Assert.Contains("acknowledged by Carol Castillo", Assert.Single((await h.PressAsync("carol", "acknowledgeWindow", Action(card), Channel)).Messages).Text, StringComparison.Ordinal);
    }

    private static async Task<ChangeWindow> WindowAsync(LifecycleHarness h, string id = "CHG-3001") =>
        (await h.Services.GetRequiredService<IChangeWindowStore>().GetAsync(id, CancellationToken.None))!;

    private static JsonObject Action(OutboundMessage card)
    {
        var action = card.Card!["actions"]!.AsArray().Single(a => (string?)a!["verb"] == "acknowledgeWindow")!;
        return action["data"]!.DeepClone().AsObject();
    }
}
