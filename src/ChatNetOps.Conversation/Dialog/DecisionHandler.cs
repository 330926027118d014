namespace ChatNetOps.Conversation.Dialog;

using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;

/// <summary>
/// <c>approve</c>, <c>reject</c> and <c>cancel</c>, typed or pressed. The decider is always the event's user; the
/// decision service checks policy, second engineer, conversation and expiry, and audits every refusal. The request's
/// card (<see cref="RequestCard"/>) is updated in place.
/// </summary>
internal sealed class DecisionHandler(DecisionService decisions, IRequestStore store, IRequestCardStore requestCards, InventoryCatalog catalog, Visibility visibility, RequestCards cards, RefusalCards refusals, DenialRecorder denials)
{
    public enum Kind
    {
        Approve,
        Reject,
        Cancel,
    }

    public async Task<DialogResult> HandleAsync(DialogContext context, Kind kind, string requestId, string? reason, CancellationToken cancellationToken)
    {
        var e = context.Event;
        if (kind == Kind.Reject && string.IsNullOrWhiteSpace(reason))
        {
            // The card's reason input is required; a client that sends none (or a hostile one) is told, and nothing is decided.
            return await denials.HintAsync(context, "reject", "ReasonMissing",
                $"{Commands.CommandParser.RejectNeedsReason} write it in the card's reason field, or type reject {InputValidator.Printable(requestId)} REASON", cancellationToken,
                ("requestId", requestId));
        }

        var outcome = kind switch
        {
            Kind.Approve => await decisions.ApproveAsync(requestId, e.Actor, e.Email, context.Conversation, context.Channel, cancellationToken),
            Kind.Reject => await decisions.RejectAsync(requestId, e.Actor, e.Email, context.Conversation, context.Channel, reason, cancellationToken),
            _ => await decisions.CancelAsync(requestId, e.Actor, e.Email, context.Conversation, cancellationToken),
        };
        // A worker may already have picked an approved request up: show the card as it is now, not as it was decided,
        // so this reply never paints over a newer "running" card the result notifier has posted.
        if (outcome is DecisionOutcome.Approved approved && await store.GetAsync(approved.Request.Id, cancellationToken) is { } latest)
        {
            outcome = new DecisionOutcome.Approved(latest);
        }

        // A decision that changed the request updates its card in place: the one attached, else the one pressed.
        var changed = outcome switch
        {
            DecisionOutcome.Approved a => a.Request,
            DecisionOutcome.Rejected r => r.Request,
            DecisionOutcome.Cancelled c => c.Request,
            DecisionOutcome.Expired x => x.Request,
            DecisionOutcome.Closed c => c.Request,
            _ => null,
        };
        var cardMessage = changed is null ? null : (await requestCards.GetAsync(changed.Id, cancellationToken))?.MessageId ?? e.Action?.ReplyToMessageId;
        var verb = kind.ToString().ToLowerInvariant();
        return outcome switch
        {
            DecisionOutcome.Approved a => Changed(cardMessage, a.Request, $"{e.DisplayName} approved {a.Request.Id}; {Formats.StatusPhrase(a.Request.Status)}."),
            DecisionOutcome.Rejected r => Changed(cardMessage, r.Request, $"{e.DisplayName} rejected {r.Request.Id}" + (reason is null ? "." : $": {reason}")),
            DecisionOutcome.Cancelled c => Changed(cardMessage, c.Request, $"{e.DisplayName} cancelled {c.Request.Id}. Nothing was run."),
            DecisionOutcome.Closed c => Changed(cardMessage, c.Request, c.Message),
            DecisionOutcome.AlreadyDecided d => Tell(d.Request.Decision is { } decision
                ? $"{d.Request.Id} was already {(decision.Approved ? "approved" : "rejected")} by {decision.By.DisplayName} at {Formats.Time(decision.At)}; {Formats.StatusPhrase(d.Request.Status)}."
                : $"{d.Request.Id} was already decided; {Formats.StatusPhrase(d.Request.Status)}."),
            DecisionOutcome.NotPending n => Tell($"{n.Request.Id} is not waiting for a decision any more; {Formats.StatusPhrase(n.Request.Status)}. Nothing to {verb}."),
            DecisionOutcome.Expired x => DialogResult.Of(cards.Expired(x.Request) with { ReplaceMessageId = cardMessage, RequestId = x.Request.Id }),
            DecisionOutcome.NotFound nf => DenialRecorder.Refusal(refusals.Denied(new DenialView(
                $"There is no request '{nf.RequestId}' to {verb}.", DenialReason.UnknownRequest.ToString(), "a request id from a card or from 'incident show'", context.CorrelationId))),
            DecisionOutcome.Refused refused => DenialRecorder.Refusal(refusals.Denied(new DenialView(
                refused.Message, refused.Reason.ToString(), Needed(refused, kind), context.CorrelationId)
            {
                Runbook = refused.Request?.Runbook,
                Device = refused.Request?.Targets.Count == 1 ? refused.Request.Targets[0] : null,
                Incident = refused.Request?.Incident,
            })),
            _ => throw new InvalidOperationException($"Unhandled decision outcome {outcome.GetType().Name}; add it to {nameof(DecisionHandler)}."),
        };
    }

    /// <summary>The request's card is updated in place (for everyone) and the actor is told what happened.</summary>
    private DialogResult Changed(string? replace, RunRequest request, string confirmation)
    {
        var card = cards.ForRequest(request, visibility.ApproversOf(request));
        return replace is null
            ? DialogResult.Of(card)
            : DialogResult.Of(card with { ReplaceMessageId = replace }, OutboundMessage.Plain(confirmation));
    }

    /// <summary>Nothing to decide any more: a refusal, for the one who asked only.</summary>
    private static DialogResult Tell(string text) =>
        DenialRecorder.Refusal(OutboundMessage.Plain(text));

    private string Needed(DecisionOutcome.Refused refused, Kind kind) => refused.Reason switch
    {
        DenialReason.NotApproverRole => $"someone with the role {string.Join(" or ", ApproverRoles(refused.Request))} (the runbook's approver_roles) decides it",
        DenialReason.SelfApproval => "a second engineer with an approve grant decides it",
        DenialReason.NotGranted => $"a role with a grant to {kind.ToString().ToLowerInvariant()} this runbook on this device from this kind of conversation",
        DenialReason.WrongConversation => "decide it in the conversation where it was requested",
        DenialReason.UnknownUser => "an administrator adds you to inventory/policy.yaml with your chat identity",
        DenialReason.NotRequester => "only the requester can cancel a request",
        DenialReason.RunbookChanged => "request it again against the current runbook",
        _ => "see the reason above",
    };

    private IReadOnlyList<string> ApproverRoles(RunRequest? request) =>
        request is not null && catalog.FindRunbook(request.Runbook) is { Approval.ApproverRoles.Count: > 0 } runbook ? runbook.Approval.ApproverRoles : ["an approver role"];
}
