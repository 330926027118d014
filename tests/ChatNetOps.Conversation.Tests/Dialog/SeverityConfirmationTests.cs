namespace ChatNetOps.Conversation.Tests.Dialog;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Severity confirmation, a kind of the one approval engine (issue 17): proposed by one member, confirmed by a member of
/// the role the policy names (sample: incident-commander, admin), never the proposer, in the same conversation, before
/// expiry, bound to the hash of exactly what is confirmed; racing confirmations leave one winner.
/// </summary>
public sealed class SeverityConfirmationTests
{
    [Fact]
    public async Task Proposal_WaitsForAConfirmer_ProposerAndOtherRolesAreRefused_ConfirmerChangesTheSeverity_AllInTheChain()
    {
        await using var h = LifecycleHarness.Create();
        await h.OpenIncidentAsync();

        var card = Assert.Single((await h.SayAsync("bob", "incident severity INC-4242 1")).Messages);
        Assert.Equal(CardNames.SeverityConfirmation, card.CardName);
        var text = LifecycleHarness.Render(card);
        Assert.Contains("Bob Brandt proposes severity 1", text, StringComparison.Ordinal);
        Assert.Contains("confirmers: Frank Fischer, Pat Tester.", card.Text, StringComparison.Ordinal);
        Assert.Contains("Confirmers:", text, StringComparison.Ordinal);
        Assert.Equal(2, (await Incident(h)).Severity);

        var self = Assert.Single((await h.PressAsync("bob", "confirmSeverity", Action(card))).Messages);
        Assert.Contains(nameof(DenialReason.SelfApproval), LifecycleHarness.Render(self), StringComparison.Ordinal);
        // The proposer is told what they asked for in words, not the proposal's internal id (INC-4242/sev1).
        Assert.Contains("You asked for severity 1 for INC-4242; someone else must decide it.", LifecycleHarness.Render(self), StringComparison.Ordinal);
        Assert.DoesNotContain("/sev1", LifecycleHarness.Render(self), StringComparison.Ordinal);
        var selfDenied = Assert.Single(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.Denied && e.Details["reason"] == nameof(DenialReason.SelfApproval));
        Assert.Equal(nameof(ChannelKind.Console), selfDenied.Details.GetValueOrDefault("channelKind"));
        var carol = Assert.Single((await h.PressAsync("carol", "confirmSeverity", Action(card))).Messages);
        Assert.Contains("A severity change is confirmed by a member with the role incident-commander or admin", LifecycleHarness.Render(carol), StringComparison.Ordinal);
        Assert.Equal(2, (await Incident(h)).Severity);

        var confirmed = Assert.Single((await h.PressAsync("pat", "confirmSeverity", Action(card))).Messages);
        Assert.Equal("INC-4242 is now severity 1: confirmed by Pat Tester.", confirmed.Text);
        Assert.Empty(confirmed.Card!["actions"]?.AsArray() ?? []);
        Assert.Equal(1, (await Incident(h)).Severity);

        var events = await h.EventsAsync("INC-4242");
        Assert.Equal(
            [AuditKind.IncidentOpened, AuditKind.SeverityProposed, AuditKind.Denied, AuditKind.Denied, AuditKind.SeverityConfirmed],
            events.Select(e => e.Kind));
        var confirmation = events[^1];
        Assert.Equal("pat", confirmation.Actor.MemberId);
        Assert.Equal(Action(card)["hash"]!.GetValue<string>(), confirmation.Details["hash"]);
        Assert.Equal(nameof(DecisionKind.SeverityConfirmation), confirmation.Details["decisionKind"]);
        Assert.True((await new AuditVerifier(h.Audit).VerifyAsync("INC-4242", CancellationToken.None)).IsIntact);

        // The export is built from the chain: the confirmed severity is there, and the row agrees with it.
        var timeline = await h.Services.GetRequiredService<IncidentTimelineBuilder>().BuildAsync("INC-4242", null, CancellationToken.None);
        Assert.Equal(1, timeline.Record!.Severity);
        Assert.Empty(timeline.Discrepancies);

        // The timeline card says which change each severity event is about, not just its kind twice.
        var card2 = Assert.Single((await h.SayAsync("carol", "timeline INC-4242")).Messages);
        var rows = LifecycleHarness.Render(card2);
        Assert.Contains("severity 2 → 1", rows, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RacingConfirmations_OneWins_TheOtherIsToldWhoDecided()
    {
        await using var h = LifecycleHarness.Create();
        await h.OpenIncidentAsync();
        var card = (await h.SayAsync("bob", "incident severity INC-4242 1")).Messages[0];

        var answers = await Task.WhenAll(
            h.PressAsync("pat", "confirmSeverity", Action(card)),
            h.PressAsync("frank", "rejectSeverity", Action(card)));

        var texts = answers.Select(a => Assert.Single(a.Messages).Text).ToArray();
        var winner = Assert.Single(texts, t => t.StartsWith("INC-4242 ", StringComparison.Ordinal));
        var loser = Assert.Single(texts, t => t.Contains("was already", StringComparison.Ordinal));
        var pat = winner.Contains("confirmed by Pat Tester", StringComparison.Ordinal);
        Assert.Contains(pat ? "already confirmed by Pat Tester" : "already rejected by Frank Fischer", loser, StringComparison.Ordinal);
        Assert.Equal(pat ? 1 : 2, (await Incident(h)).Severity);
        Assert.Single(await h.EventsAsync("INC-4242"), e => e.Kind is AuditKind.SeverityConfirmed or AuditKind.SeverityRejected);
    }

    [Fact]
    public async Task ADecisionOnAnythingButExactlyWhatWasProposed_OrElsewhere_OrAfterExpiry_ChangesNothing()
    {
        await using var h = LifecycleHarness.Create();
        await h.OpenIncidentAsync();
        var card = (await h.SayAsync("bob", "incident severity INC-4242 1")).Messages[0];

        var forged = Action(card);
        forged["hash"] = new string('0', 64);
        var changed = Assert.Single((await h.PressAsync("pat", "confirmSeverity", forged)).Messages);
        Assert.Contains(nameof(DenialReason.SubjectChanged), LifecycleHarness.Render(changed), StringComparison.Ordinal);

        var elsewhere = Assert.Single((await h.PressAsync("pat", "confirmSeverity", Action(card), LifecycleHarness.ConsoleConversation("console:other"))).Messages);
        Assert.Contains(nameof(DenialReason.WrongConversation), LifecycleHarness.Render(elsewhere), StringComparison.Ordinal);

        h.Time.Advance(TimeSpan.FromMinutes(15));
        var late = Assert.Single((await h.PressAsync("pat", "confirmSeverity", Action(card))).Messages);
        Assert.Contains("expired", late.Text, StringComparison.Ordinal);
        Assert.Equal(2, (await Incident(h)).Severity);
        Assert.Null((await Incident(h)).PendingSeverity);
        Assert.DoesNotContain(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.SeverityConfirmed);
    }

    [Fact]
    public async Task AnUnconfirmedProposal_IsExpiredByTheSweeper_InTheChain_AndALateConfirmIsRefusedAsExpired()
    {
        await using var h = LifecycleHarness.Create();
        await h.OpenIncidentAsync();
        var card = (await h.SayAsync("bob", "incident severity INC-4242 1")).Messages[0];
        var severities = h.Services.GetRequiredService<SeverityService>();

        h.Time.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(0, await severities.SweepAsync(CancellationToken.None));
        Assert.NotNull((await Incident(h)).PendingSeverity);

        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await severities.SweepAsync(CancellationToken.None));
        Assert.Equal(0, await severities.SweepAsync(CancellationToken.None));
        var incident = await Incident(h);
        Assert.Null(incident.PendingSeverity);
        Assert.Equal(h.Time.GetUtcNow(), incident.DecidedSeverity!.ExpiredAt);
        Assert.Null(incident.DecidedSeverity.Decision);
        Assert.Equal(2, incident.Severity);

        var events = await h.EventsAsync("INC-4242");
        var expiry = events[^1];
        Assert.Equal(AuditKind.SeverityRejected, expiry.Kind);
        Assert.Equal("expired", expiry.Details["reason"]);
        Assert.Equal(Actor.System.UserId, expiry.Actor.UserId);
        Assert.Equal(Action(card)["hash"]!.GetValue<string>(), expiry.Details["hash"]);

        var late = Assert.Single((await h.PressAsync("pat", "confirmSeverity", Action(card))).Messages);
        Assert.Contains("The proposal to make INC-4242 severity 1 expired at", late.Text, StringComparison.Ordinal);
        Assert.Equal(2, (await Incident(h)).Severity);
        var after = await h.EventsAsync("INC-4242");
        Assert.DoesNotContain(after, e => e.Kind == AuditKind.SeverityConfirmed);
        Assert.Single(after, e => e.Kind == AuditKind.SeverityRejected);
        Assert.True((await new AuditVerifier(h.Audit).VerifyAsync("INC-4242", CancellationToken.None)).IsIntact);

        // A new proposal can be made once the old one expired.
        Assert.Equal(CardNames.SeverityConfirmation, Assert.Single((await h.SayAsync("bob", "incident severity INC-4242 1")).Messages).CardName);
    }

    [Fact]
    public async Task TheSweeperExpiringAProposal_UpdatesItsCardInPlace_ToSayItExpiredWithNothingDecided()
    {
        await using var h = LifecycleHarness.Create();
        await h.OpenIncidentAsync();
        var proposed = await h.SayAsync("bob", "incident severity INC-4242 1");
        var card = await h.PostAsync(proposed);
        Assert.NotNull(card);

        // The sweeper runs 20 s after the deadline: the card says the deadline (it said the sweep time).
        h.Time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(20));
        Assert.Equal(1, await h.Services.GetRequiredService<SeverityService>().SweepAsync(CancellationToken.None));
        await h.DrainResultsAsync();

        var update = Assert.Single(h.Console.Posts, p => p.Update);
        Assert.Equal(card, update.MessageId);
        Assert.Equal(CardNames.SeverityConfirmation, update.Message.CardName);
        Assert.Empty(update.Message.Card!["actions"]?.AsArray() ?? []);
        var text = LifecycleHarness.Render(update.Message);
        Assert.Contains("Expired at 2026-11-23T09:15:00Z", text, StringComparison.Ordinal);
        Assert.Contains("nobody confirmed or rejected it, so INC-4242 stays severity 2", text, StringComparison.Ordinal);
        Assert.Contains("Proposed by", text, StringComparison.Ordinal);
        Assert.StartsWith("The proposal to make INC-4242 severity 1 expired at 2026-11-23T09:15:00Z", update.Message.Text, StringComparison.Ordinal);
        Assert.Contains("since Bob Brandt proposed it at 2026-11-23T09:00:00Z", update.Message.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Console.Posts, p => !p.Update && p.MessageId != card);

        // The expiry was in the incident's chain before the card said so (the sweeper records, then announces).
        Assert.Equal("expired", (await h.EventsAsync("INC-4242"))[^1].Details["reason"]);
    }

    [Fact]
    public async Task OnSlack_TheExpiredProposalsCard_IsUpdatedInPlaceTheSameWay()
    {
        await using var h = LifecycleHarness.Create();
        var slack = new ConversationRef(ChatPlatform.Slack, "C0INC4242", ChannelKind.Group);
        Assert.IsType<IncidentOutcome.Opened>(await h.Incidents.OpenAsync("INC-4242", "OSPF flaps on distribution", 2, new Actor(ChatPlatform.Slack, "U0BOB000002", "Bob Brandt"), null, slack, CancellationToken.None));
        var proposed = Assert.Single((await h.SayAsync("U0BOB000002", "incident severity INC-4242 1", slack)).Messages);
        Assert.Equal("INC-4242/sev1", proposed.RequestId);
        var ts = await h.Slack.SendAsync(slack, proposed, CancellationToken.None);
        await h.Dialog.AttachMessageAsync(proposed.RequestId!, ts, null, CancellationToken.None);

        h.Time.Advance(TimeSpan.FromMinutes(15));
        await h.Services.GetRequiredService<SeverityService>().SweepAsync(CancellationToken.None);
        await h.DrainResultsAsync();

        var update = Assert.Single(h.Slack.Posts, p => p.Update);
        Assert.Equal(ts, update.MessageId);
        Assert.Empty(update.Message.Card!["actions"]?.AsArray() ?? []);
        Assert.Contains("nobody confirmed or rejected it", LifecycleHarness.Render(update.Message), StringComparison.Ordinal);
        Assert.Empty(h.Console.Posts);
    }

    [Fact]
    public async Task ADecisionOrALatePress_UpdatesTheProposalsCardInPlace()
    {
        await using var h = LifecycleHarness.Create();
        await h.OpenIncidentAsync();
        var proposed = await h.SayAsync("bob", "incident severity INC-4242 1");
        var card = await h.PostAsync(proposed);

        var confirmed = Assert.Single((await h.PressAsync("pat", "confirmSeverity", Action(proposed.Messages[0]), replyTo: card)).Messages);
        Assert.Equal(card, confirmed.ReplaceMessageId);
        Assert.Equal("INC-4242 is now severity 1: confirmed by Pat Tester.", confirmed.Text);

        // A second proposal nobody answers; the late press (before any sweep) turns its card into the expired one, in place.
        var again = await h.SayAsync("bob", "incident severity INC-4242 3");
        var second = await h.PostAsync(again);
        h.Time.Advance(TimeSpan.FromMinutes(15));
        var late = Assert.Single((await h.PressAsync("pat", "confirmSeverity", Action(again.Messages[0]), replyTo: second)).Messages);
        Assert.Equal(second, late.ReplaceMessageId);
        Assert.Equal(CardNames.SeverityConfirmation, late.CardName);
        Assert.Empty(late.Card!["actions"]?.AsArray() ?? []);
        Assert.StartsWith("The proposal to make INC-4242 severity 3 expired at", late.Text, StringComparison.Ordinal);
        Assert.Equal(1, (await Incident(h)).Severity);
    }

    [Fact]
    public async Task AnAlertProposal_IsConfirmedInTheIncidentsConversation_AndTheAlertCanNeverConfirmItself()
    {
        await using var h = LifecycleHarness.Create();
        await h.OpenIncidentAsync();
        var alert = new Actor(ChatPlatform.Console, "alert:bgp-down", "Alert bgp-down");

        var proposed = Assert.IsType<SeverityOutcome.Proposed>(
            await h.Services.GetRequiredService<SeverityService>().ProposeSeverityAsync("INC-4242", 1, alert, CancellationToken.None));
        Assert.Contains(proposed.Confirmers, m => m.Id == "bob");

        var pressed = await h.PressAsync("bob", "confirmSeverity", new JsonObject { ["incidentId"] = "INC-4242", ["hash"] = proposed.Proposal.Hash });
        Assert.Equal("INC-4242 is now severity 1: confirmed by Bob Brandt.", Assert.Single(pressed.Messages).Text);
        Assert.Contains(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.SeverityProposed && e.Actor.UserId == "alert:bgp-down");
    }

    [Fact]
    public async Task SeverityOutOfRange_OrOnAClosedIncident_IsRefused()
    {
        await using var h = LifecycleHarness.Create();
        await h.OpenIncidentAsync();

        Assert.Contains("usage: incident severity", Assert.Single((await h.SayAsync("bob", "incident severity INC-4242 9")).Messages).Text, StringComparison.Ordinal);
        await h.SayAsync("bob", "incident close \"drained and restored\"");
        var closed = Assert.Single((await h.SayAsync("bob", "incident severity INC-4242 1")).Messages);
        Assert.Contains("INC-4242 is closed", LifecycleHarness.Render(closed), StringComparison.Ordinal);
    }

    private static async Task<Incident> Incident(LifecycleHarness h) =>
        (await h.Services.GetRequiredService<IIncidentStore>().GetAsync("INC-4242", CancellationToken.None))!;

    private static JsonObject Action(OutboundMessage card)
    {
        var action = card.Card!["actions"]!.AsArray().Single(a => (string?)a!["verb"] == "confirmSeverity")!;
        return action["data"]!.DeepClone().AsObject();
    }
}
