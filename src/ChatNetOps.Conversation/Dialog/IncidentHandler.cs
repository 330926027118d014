namespace ChatNetOps.Conversation.Dialog;

using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Requests;

/// <summary><c>incident open|close|show|severity</c>, the severity confirmation's buttons, and <c>timeline</c>.</summary>
internal sealed class IncidentHandler(
    IncidentService incidents,
    SeverityService severities,
    IIncidentStore store,
    IRequestStore requests,
    IDeviceLockStore locks,
    IncidentTimelineBuilder timelines,
    DenialRecorder denials,
    IncidentCards cards,
    RefusalCards refusals,
    IRequestCardStore cardMessages,
    IChangeRecordStore? changes = null,
    IAuditLog? audit = null,
    ChangeRecordSubscription? subscription = null)
{
    public async Task<DialogResult> OpenAsync(DialogContext context, string id, string title, int? severity, CancellationToken cancellationToken)
    {
        var e = context.Event;
        var outcome = await incidents.OpenAsync(id, title, severity, e.Actor, e.Email, context.Conversation, context.Channel, cancellationToken);
        return outcome switch
        {
            IncidentOutcome.Opened opened => await SummaryAsync(opened.Incident, $"{opened.Incident.Id} opened by {e.DisplayName}; this conversation is bound to it.", cancellationToken),
            IncidentOutcome.Bound bound => await SummaryAsync(bound.Incident, $"This conversation is bound to {bound.Incident.Id}.", cancellationToken),
            IncidentOutcome.Refused refused => Refused(context, refused.Message, id),
            _ => Closed(outcome),
        };
    }

    public async Task<DialogResult> CloseAsync(DialogContext context, string? resolution, CancellationToken cancellationToken, string? id = null)
    {
        var e = context.Event;
        var outcome = await incidents.CloseAsync(e.Actor, e.Email, context.Conversation, context.Channel, resolution, cancellationToken, id);
        return outcome switch
        {
            IncidentOutcome.Closed closed => await SummaryAsync(closed.Incident, $"{closed.Incident.Id} closed by {e.DisplayName}; this conversation is no longer bound to it." + CancelledNote(closed.Cancelled), cancellationToken),
            IncidentOutcome.NeedsResolution needs => DenialRecorder.Answer(context, OutboundMessage.Plain(
                $"{needs.Incident.Id} is still open: closing it needs a resolution note for the record and the export. Say: incident close \"what resolved it\"")),
            IncidentOutcome.Refused refused => Refused(context, refused.Message, context.Channel.Incident),
            _ => Closed(outcome),
        };
    }

    /// <summary><c>incident attach R-…</c>: answers with the incident summary, which now counts the run.</summary>
    public async Task<DialogResult> AttachAsync(DialogContext context, string requestId, CancellationToken cancellationToken)
    {
        var e = context.Event;
        var outcome = await incidents.AttachRunAsync(requestId, e.Actor, e.Email, context.Conversation, context.Channel, cancellationToken);
        return outcome switch
        {
            IncidentOutcome.Attached attached => await SummaryAsync(attached.Incident,
                $"{attached.Run.Id} ({attached.Run.Runbook} on {string.Join(", ", attached.Run.Targets)}) is now part of {attached.Incident.Id}.", cancellationToken),
            IncidentOutcome.Refused refused => Refused(context, refused.Message, context.Channel.Incident),
            _ => Closed(outcome),
        };
    }

    /// <summary>
    /// The incident card's "Attach my runs": the caller's recent finished read-only runs that belong to no incident, on the
    /// devices the incident's runs touched (any device while it has none), newest first, each with the command that
    /// attaches it. Only for the caller, and only in a conversation bound to the incident.
    /// </summary>
    public async Task<DialogResult> AttachableAsync(DialogContext context, string? id, CancellationToken cancellationToken)
    {
        id ??= context.Channel.Incident;
        if (id is null || !context.Channel.Holds(id) || await store.GetAsync(id, cancellationToken) is not { State: IncidentState.Open } incident)
        {
            return DenialRecorder.Answer(context, OutboundMessage.Plain("Runs are attached in the conversation of the open incident they should join.") with { Ephemeral = true });
        }

        var devices = (await requests.ListByIncidentAsync(incident.Id, cancellationToken)).SelectMany(r => r.Targets).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var mine = new List<RunRequest>();
        foreach (var status in new[] { RequestStatus.Succeeded, RequestStatus.Failed, RequestStatus.TimedOut })
        {
            mine.AddRange((await requests.ListByStatusAsync(status, 500, cancellationToken)).Where(r =>
                r.Incident is null && !r.IsStateChanging && IsCaller(context, r.Requester) && (devices.Count == 0 || r.Targets.Any(devices.Contains))));
        }

        var recent = mine.OrderByDescending(r => r.CreatedAt).Take(5).ToArray();
        var where = devices.Count == 0 ? "any device" : string.Join(", ", devices.Order(StringComparer.OrdinalIgnoreCase));
        var text = recent.Length == 0
            ? $"You have no finished read-only runs on {where} outside an incident to attach to {incident.Id}."
            : $"Your recent runs on {where} that can join {incident.Id}:\n" + string.Join("\n", recent.Select(r =>
                $"• {r.Id} {r.Runbook} on {string.Join(", ", r.Targets)} ({Formats.StatusLabel(r.Status).ToLowerInvariant()}, {Formats.Time(r.CreatedAt)}): incident attach {r.Id}"));
        return DenialRecorder.Answer(context, OutboundMessage.Plain(text) with { Ephemeral = true });
    }

    /// <summary>What closing the incident cancelled, named so nobody waits for an approval that can no longer come.</summary>
    private static string CancelledNote(IReadOnlyList<RunRequest> cancelled) => cancelled.Count == 0
        ? string.Empty
        : $" Cancelled because the incident closed (nothing was run): {string.Join(", ", cancelled.Select(r => $"{r.Id} ({r.Runbook} on {string.Join(", ", r.Targets)})"))}.";

    private static bool IsCaller(DialogContext context, Actor requester) =>
        (requester.MemberId is not null && string.Equals(requester.MemberId, context.Member?.Id, StringComparison.OrdinalIgnoreCase))
        || (requester.Platform == context.Event.Platform && string.Equals(requester.UserId, context.Event.UserId, StringComparison.Ordinal));

    /// <summary><c>incident severity INC-… N</c>: the proposal card, with Confirm/Reject for a confirmer other than the proposer.</summary>
    public async Task<DialogResult> ProposeSeverityAsync(DialogContext context, string id, int severity, CancellationToken cancellationToken)
    {
        var e = context.Event;
        var outcome = await severities.ProposeAsync(id, severity, e.Actor, e.Email, context.Conversation, cancellationToken);
        return outcome switch
        {
            SeverityOutcome.Proposed proposed => DialogResult.Of(cards.SeverityConfirmation(proposed.Proposal, proposed.Confirmers)),
            SeverityOutcome.Refused refused => Refused(context, refused.Message, id, refused.Reason.ToString()),
            _ => throw new InvalidOperationException($"Unhandled severity outcome {outcome.GetType().Name}; add it to {nameof(IncidentHandler)}."),
        };
    }

    /// <summary>
    /// Confirm or Reject pressed: one of racing decisions wins; the others are told who decided. A decision, or a press that
    /// finds the proposal expired, updates the proposal's card in place (the message attached to it when it was posted).
    /// </summary>
    public async Task<DialogResult> DecideSeverityAsync(DialogContext context, string id, string hash, bool confirm, CancellationToken cancellationToken)
    {
        var e = context.Event;
        var outcome = await severities.DecideAsync(id, hash, confirm, e.Actor, e.Email, context.Conversation, cancellationToken);
        var decided = outcome switch
        {
            SeverityOutcome.Confirmed c => c.Proposal,
            SeverityOutcome.Rejected r => r.Proposal,
            SeverityOutcome.Expired x => x.Proposal,
            _ => null,
        };
        // Only the proposal's own card is replaced: the same buttons also sit on an alert's card, which stays as it is.
        var replace = decided is null ? null : (await cardMessages.GetAsync(decided.Id, cancellationToken))?.MessageId;
        return outcome switch
        {
            SeverityOutcome.Confirmed or SeverityOutcome.Rejected or SeverityOutcome.Expired => DialogResult.Of(cards.SeverityConfirmation(decided!, []) with { ReplaceMessageId = replace }),
            SeverityOutcome.AlreadyDecided { Proposal.Decision: { } decision } already => DenialRecorder.Answer(context, OutboundMessage.Plain(
                $"{already.Proposal.Incident}'s severity change {already.Proposal.From} → {already.Proposal.To} was already {(decision.Approved ? "confirmed" : "rejected")} by {decision.By.DisplayName} at {Formats.Time(decision.At)}.")),
            SeverityOutcome.NotPending notPending => DenialRecorder.Answer(context, OutboundMessage.Plain(notPending.Message)),
            SeverityOutcome.Refused refused => Refused(context, refused.Message, id, refused.Reason.ToString()),
            _ => throw new InvalidOperationException($"Unhandled severity outcome {outcome.GetType().Name}; add it to {nameof(IncidentHandler)}."),
        };
    }

    /// <summary>
    /// Records which chat message shows the severity proposal <paramref name="proposalId"/>'s card (the adapter posted it),
    /// so its decision or expiry updates that message in place. Does nothing for a proposal that is not on record.
    /// </summary>
    public async Task AttachSeverityCardAsync(string proposalId, string messageId, string? link, CancellationToken cancellationToken)
    {
        var incident = SeverityProposal.IncidentOf(proposalId) is { } incidentId ? await store.GetAsync(incidentId, cancellationToken) : null;
        var proposal = new[] { incident?.PendingSeverity, incident?.DecidedSeverity }.FirstOrDefault(p => p is not null && string.Equals(p.Id, proposalId, StringComparison.Ordinal));
        if (proposal is not null)
        {
            await cardMessages.SaveAsync(new RequestCard(proposal.Id, proposal.AskedIn.Platform, proposal.AskedIn.ConversationId, messageId) { Link = link }, cancellationToken);
        }
    }

    public async Task<DialogResult> ShowAsync(DialogContext context, string? id, CancellationToken cancellationToken)
    {
        if (context.Member is null)
        {
            return await NotInPolicyAsync(context, "incident show", cancellationToken);
        }

        id ??= context.Channel.Incident;
        if (id is null)
        {
            return DenialRecorder.Answer(context, OutboundMessage.Plain("This conversation is not bound to an incident; name one: incident show INC-1234."));
        }

        var incident = await store.GetAsync(id, cancellationToken);
        return incident is null
            ? DenialRecorder.Answer(context, OutboundMessage.Plain($"There is no incident {id}."))
            : DenialRecorder.Answer(context, (await SummaryAsync(incident, null, cancellationToken)).Messages[0]);
    }

    /// <summary><c>timeline [INC-…] [page N]</c> and the timeline card's "More" button: one page of the verified events.</summary>
    public async Task<DialogResult> TimelineAsync(DialogContext context, string? id, int page, CancellationToken cancellationToken)
    {
        if (context.Member is null)
        {
            return await NotInPolicyAsync(context, "timeline", cancellationToken);
        }

        id ??= context.Channel.Incident;
        if (id is null)
        {
            return DenialRecorder.Answer(context, OutboundMessage.Plain("This conversation is not bound to an incident; name one: timeline INC-1234."));
        }

        var timeline = await timelines.BuildAsync(id, cancellationToken);
        return timeline.Incident is null && timeline.Events.Count == 0
            ? DenialRecorder.Answer(context, OutboundMessage.Plain($"Nothing is recorded for {timeline.IncidentId}."))
            : DenialRecorder.Answer(context, cards.Timeline(timeline, page));
    }

    private async Task<DialogResult> SummaryAsync(Incident incident, string? note, CancellationToken cancellationToken)
    {
        var runs = await requests.ListByIncidentAsync(incident.Id, cancellationToken);
        var held = await locks.ListAsync(cancellationToken);
        var ticket = changes is null || audit is null
            ? null
            : await ChangeRecordStatus.DescribeAsync(changes, audit, subscription?.Kinds ?? ChangeRecordOptions.DefaultEvents.ToHashSet(), incident.Id, cancellationToken);
        var card = cards.IncidentSummary(incident, runs, held, ticket);
        return DialogResult.Of(note is null ? card : card with { Text = note + " " + card.Text });
    }

    private DialogResult Refused(DialogContext context, string message, string? incident, string reasonCode = IncidentService.RefusedReason) =>
        DenialRecorder.Refusal(refusals.Denied(new DenialView(message, reasonCode, null, context.CorrelationId) { Incident = incident, OmitNeeded = true }));

    private Task<DialogResult> NotInPolicyAsync(DialogContext context, string action, CancellationToken cancellationToken) =>
        denials.RefuseAsync(context, action, "UnknownUser", $"{context.Event.DisplayName} is not in the access policy.",
            "an administrator adds you to inventory/policy.yaml with your chat identity", cancellationToken);

    private static DialogResult Closed(IncidentOutcome outcome) =>
        throw new InvalidOperationException($"Unhandled incident outcome {outcome.GetType().Name}; add it to {nameof(IncidentHandler)}.");
}
