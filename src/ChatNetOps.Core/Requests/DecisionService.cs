namespace ChatNetOps.Core.Requests;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Policy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>
/// Approve, reject and cancel. A second engineer decides a waiting state-changing request (<see cref="DecisionRules"/>);
/// exactly one of racing decisions wins and the others are told who decided. The requester may cancel a request that
/// has not started, in every pending state: while its pre-check runs (Requested), while it waits for approval, and once
/// queued. Every step and every refusal is audited before this returns.
/// </summary>
public sealed partial class DecisionService(
    InventoryCatalog catalog,
    IRequestStore requests,
    DeviceLockService locks,
    RequestSweeper sweeper,
    RequestJournal journal,
    ChannelResolver channels,
    IOptions<RequestOptions> options,
    TimeProvider time,
    ILogger<DecisionService> logger,
    Incidents.IIncidentStore? incidents = null,
    ChangeWindows.ChangeWindowService? windows = null)
{
    private const int MaxAuditedReasonLength = 80;

    private readonly RequestOptions _options = options.Value;

    /// <summary>Approves from <paramref name="conversation"/>, resolving what it is bound to (callers outside a chat event).</summary>
    public async Task<DecisionOutcome> ApproveAsync(string requestId, Actor approver, string? email, ConversationRef conversation, CancellationToken cancellationToken) =>
        await ApproveAsync(requestId, approver, email, conversation, await channels.ResolveAsync(conversation, cancellationToken), cancellationToken);

    /// <summary>A second engineer approves, in <paramref name="conversation"/> as the event resolved it (<paramref name="channel"/>).</summary>
    public Task<DecisionOutcome> ApproveAsync(string requestId, Actor approver, string? email, ConversationRef conversation, ChannelContext channel, CancellationToken cancellationToken) =>
        DecideAsync(requestId, approver, email, conversation, channel, approve: true, reason: null, cancellationToken);

    /// <summary>Rejects from <paramref name="conversation"/>, resolving what it is bound to (callers outside a chat event).</summary>
    public async Task<DecisionOutcome> RejectAsync(string requestId, Actor approver, string? email, ConversationRef conversation, string? reason, CancellationToken cancellationToken) =>
        await RejectAsync(requestId, approver, email, conversation, await channels.ResolveAsync(conversation, cancellationToken), reason, cancellationToken);

    /// <summary>A second engineer rejects, in <paramref name="conversation"/> as the event resolved it (<paramref name="channel"/>).</summary>
    public Task<DecisionOutcome> RejectAsync(string requestId, Actor approver, string? email, ConversationRef conversation, ChannelContext channel, string? reason, CancellationToken cancellationToken) =>
        DecideAsync(requestId, approver, email, conversation, channel, approve: false, reason, cancellationToken);

    /// <summary>
    /// The requester withdraws a request that has not started (Requested, AwaitingApproval or Queued): the cancel is in the
    /// audit chain, the device lock is released, and only then is the chat told. A pre-check still running for it finds
    /// the request cancelled and is recorded, not acted on; a queued job finds it not runnable.
    /// </summary>
    public async Task<DecisionOutcome> CancelAsync(string requestId, Actor actor, string? email, ConversationRef conversation, CancellationToken cancellationToken)
    {
        var request = await requests.GetAsync(RequestIds.Normalize(requestId), cancellationToken);
        if (request is null)
        {
            return await NotFoundAsync(requestId, actor, "cancel", conversation, cancellationToken);
        }

        var match = catalog.Policy.Match(actor.Platform, actor.UserId, email);
        if (match is null || !string.Equals(match.Member.Id, request.Requester.MemberId, StringComparison.OrdinalIgnoreCase))
        {
            return await RefuseAsync(request, match is null ? actor : match.Apply(actor), DenialReason.NotRequester,
                $"Only {request.Requester.DisplayName}, who requested {request.Id}, can cancel it.", "cancel", cancellationToken);
        }

        actor = match.Apply(actor);
        var now = time.GetUtcNow();
        var previous = request.Status;
        var cancelled = await requests.UpdateAsync(request.Id, r =>
        {
            previous = r.Status; // the last call is the one stored
            return r.Status is RequestStatus.Requested or RequestStatus.AwaitingApproval or RequestStatus.Queued
                ? r with { Status = RequestStatus.Cancelled, UpdatedAt = now, StatusReason = "cancelled by requester" }
                : null;
        }, cancellationToken);
        if (cancelled is null)
        {
            return new DecisionOutcome.NotPending(await requests.GetAsync(request.Id, cancellationToken) ?? request);
        }

        await journal.RecordAsync(AuditKind.Cancelled, actor, cancelled, RequestJournal.SingleTarget(cancelled), new Dictionary<string, string>
        {
            ["previousStatus"] = previous.ToString(),
        }, cancellationToken);
        if (cancelled.IsStateChanging)
        {
            await locks.ReleaseAsync(cancelled, actor, cancellationToken);
        }

        await journal.AnnounceAsync(cancelled, cancellationToken);
        return new DecisionOutcome.Cancelled(cancelled);
    }

    private async Task<DecisionOutcome> DecideAsync(string requestId, Actor decider, string? email, ConversationRef conversation, ChannelContext channel, bool approve, string? reason, CancellationToken cancellationToken)
    {
        var verb = approve ? "approve" : "reject";
        var request = await requests.GetAsync(RequestIds.Normalize(requestId), cancellationToken);
        if (request is null)
        {
            return await NotFoundAsync(requestId, decider, verb, conversation, cancellationToken);
        }

        var match = catalog.Policy.Match(decider.Platform, decider.UserId, email);
        if (match is null)
        {
            return await RefuseAsync(request, decider, DenialReason.UnknownUser, $"{decider.DisplayName} is not in the access policy.", verb, cancellationToken);
        }

        var member = match.Member;
        decider = match.Apply(decider);
        var now = time.GetUtcNow();

        // The rules every decision kind shares; a run adds its own order: where it was asked comes first, then a
        // request that is no longer waiting answers who decided it, then the first other refusal.
        var refusal = DecisionRules.Check(DecisionSubject.Of(request), member, decider, conversation, now, ApprovalHash.Compute(request));
        if (refusal is { Reason: DenialReason.WrongConversation })
        {
            return await RefuseAsync(request, decider, refusal.Reason,
                $"Request {request.Id} belongs to another conversation; decide it where it was requested.", verb, cancellationToken);
        }

        if (request.Status != RequestStatus.AwaitingApproval)
        {
            return request.Decision is not null ? new DecisionOutcome.AlreadyDecided(request) : new DecisionOutcome.NotPending(request);
        }

        if (approve && await IncidentClosedAsync(request, cancellationToken) is { } closed)
        {
            return await RefuseAsync(request, decider, DenialReason.IncidentClosed, closed, verb, cancellationToken);
        }

        switch (refusal?.Reason)
        {
            case DenialReason.DecisionExpired:
                var expired = await sweeper.ExpireAsync(request.Id, cancellationToken);
                return expired is null ? await CurrentOutcomeAsync(request.Id, cancellationToken) : new DecisionOutcome.Expired(expired);
            case DenialReason.SelfApproval:
                return await RefuseAsync(request, decider, refusal.Reason,
                    $"You requested {request.Id}; a second engineer must {verb} it.", verb, cancellationToken);
            case DenialReason.SubjectChanged:
                return await RefuseAsync(request, decider, refusal.Reason,
                    $"Request {request.Id} no longer matches what was asked (its approval hash differs); request it again.", verb, cancellationToken);
            case { } other:
                return await RefuseAsync(request, decider, other, refusal.Message, verb, cancellationToken);
        }

        var runbook = catalog.FindRunbook(request.Runbook);
        var device = catalog.FindDevice(request.Targets[0]);
        if (runbook is null || device is null || !string.Equals(runbook.Version, request.RunbookVersion, StringComparison.Ordinal))
        {
            return await RefuseAsync(request, decider, DenialReason.RunbookChanged,
                $"Runbook {request.Runbook} or device {request.Targets[0]} changed since {request.Id} was requested; request it again.", verb, cancellationToken);
        }

        if (!catalog.Policy.IsGranted(member, GrantAction.Approve, runbook, device, channel.Kind))
        {
            return await RefuseAsync(request, decider, DenialReason.NotGranted,
                $"Your roles ({string.Join(", ", member.Roles)}) have no grant to {verb} {runbook.Name} on {device.Name} from {channel.Kind.Describe()}.", verb, cancellationToken);
        }

        if (!AccessPolicy.HasApproverRole(member, runbook))
        {
            // The grant allows it, but the runbook itself names who may decide it (approval.approver_roles).
            return await RefuseAsync(request, decider, DenialReason.NotApproverRole,
                $"{runbook.Name} may only be {(approve ? "approved" : "rejected")} by {string.Join(" or ", runbook.Approval.ApproverRoles)} (its approver_roles); your roles ({string.Join(", ", member.Roles)}) are not among them.", verb, cancellationToken);
        }

        // A change made in a change window runs only while the window is open: an approval that could never run is refused
        // now, not by the worker later. A window that has closed closes the request with the reason (lock released).
        if (approve && await WindowRefusalAsync(request, now, cancellationToken) is { } shut)
        {
            return shut.Reason == DenialReason.ChangeWindowClosed
                ? await CloseForWindowAsync(request, decider, device.Name, shut, now, cancellationToken)
                : await RefuseAsync(request, decider, shut.Reason, shut.Message, verb, cancellationToken);
        }

        // The decision binds what was asked: it is stored only while the request still waits, undecided and unchanged.
        // Of racing decisions one write wins; the others read who decided (CurrentOutcomeAsync).
        var decision = new Decision(decider, now, approve, reason, ApprovalHash.Compute(request));
        var stored = await requests.UpdateAsync(request.Id, r =>
            r is { Status: RequestStatus.AwaitingApproval, Decision: null } && DecisionRules.IsUnchanged(decision.ApprovalHash, ApprovalHash.Compute(r))
                ? r with
                {
                    Status = approve ? RequestStatus.Queued : RequestStatus.Rejected,
                    Decision = decision,
                    UpdatedAt = now,
                    StatusReason = approve ? null : reason,
                }
                : null, cancellationToken);
        if (stored is null)
        {
            return await CurrentOutcomeAsync(request.Id, cancellationToken);
        }

        if (approve)
        {
            await journal.RecordAsync(AuditKind.Approved, decider, stored, device.Name, new Dictionary<string, string>
            {
                ["approvalHash"] = decision.ApprovalHash,
                ["requester"] = request.Requester.ToString(),
            }, cancellationToken);
            await locks.RenewAsync(stored, now + _options.QueuedLockLease, cancellationToken);
            await journal.QueueAsync(stored, decider, cancellationToken);
            return new DecisionOutcome.Approved(stored);
        }

        await journal.RecordAsync(AuditKind.Rejected, decider, stored, device.Name, new Dictionary<string, string>
        {
            ["reason"] = RequestJournal.Truncate(reason ?? string.Empty, MaxAuditedReasonLength),
        }, cancellationToken);
        await locks.ReleaseAsync(stored, decider, cancellationToken);
        await journal.AnnounceAsync(stored, cancellationToken);
        return new DecisionOutcome.Rejected(stored);
    }

    /// <summary>
    /// Defence in depth behind <c>incident close</c> (which cancels what had not started): a change filed under an
    /// incident that is closed is never approved. Null when its incident is open, or it has none in the store.
    /// </summary>
    private async Task<string?> IncidentClosedAsync(RunRequest request, CancellationToken cancellationToken) =>
        request.Incident is { } id && incidents is not null && await incidents.GetAsync(id, cancellationToken) is { State: Incidents.IncidentState.Closed } closed
            ? $"{request.Id} belongs to {closed.Id}, which {closed.ClosedBy?.DisplayName ?? "someone"} closed{(closed.ClosedAt is { } at ? " at " + at.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : string.Empty)}; nothing will run. Request it again under an open incident."
            : null;

    /// <summary>Why the change window <paramref name="request"/> was made in does not let it be approved now; null when it does (or it has none).</summary>
    private async Task<DecisionRefusal?> WindowRefusalAsync(RunRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (request.ChangeWindow is null || windows is null)
        {
            return null;
        }

        var window = await windows.ForConversationAsync(request.Origin, request.ChangeWindow, cancellationToken);
        return window is null
            ? new DecisionRefusal(DenialReason.ChangeWindowClosed, $"{request.Id} cannot be approved: its change window {request.ChangeWindow} is no longer on record, so the change would never run. The request is closed; request it again in an open window.")
            : ChangeWindows.ChangeWindowRules.CheckApproval(window, request.Id, now);
    }

    /// <summary>
    /// AwaitingApproval → Denied with the window's reason: recorded as a refused approval (the approver, the window), the
    /// device lock released, and only then is the chat told. Null-safe against a racing decision: whoever stored first wins.
    /// </summary>
    private async Task<DecisionOutcome> CloseForWindowAsync(RunRequest request, Actor decider, string device, DecisionRefusal refusal, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var closed = await requests.UpdateAsync(request.Id, r => r is { Status: RequestStatus.AwaitingApproval, Decision: null }
            ? r with { Status = RequestStatus.Denied, UpdatedAt = now, StatusReason = refusal.Message }
            : null, cancellationToken);
        if (closed is null)
        {
            return await CurrentOutcomeAsync(request.Id, cancellationToken);
        }

        await journal.RecordAsync(AuditKind.Denied, decider, closed, device, new Dictionary<string, string>
        {
            ["action"] = "approve",
            ["reason"] = refusal.Reason.ToString(),
            ["message"] = refusal.Message,
            ["changeWindow"] = closed.ChangeWindow ?? string.Empty,
            ["decisionKind"] = DecisionSubject.Of(closed).Kind.ToString(),
            ["requestClosed"] = "true",
        }, cancellationToken);
        Log.Refused(logger, "approve", closed.Id, decider.UserId, refusal.Reason);
        await locks.ReleaseAsync(closed, decider, cancellationToken);
        await journal.AnnounceAsync(closed, cancellationToken);
        return new DecisionOutcome.Closed(closed, refusal.Reason, refusal.Message);
    }

    /// <summary>Why a decision that lost its write did not happen, from the request as it is now.</summary>
    private async Task<DecisionOutcome> CurrentOutcomeAsync(string requestId, CancellationToken cancellationToken)
    {
        var current = await requests.GetAsync(requestId, cancellationToken);
        return current switch
        {
            null => new DecisionOutcome.NotFound(requestId),
            { Decision: not null } => new DecisionOutcome.AlreadyDecided(current),
            { Status: RequestStatus.Expired } => new DecisionOutcome.Expired(current),
            _ => new DecisionOutcome.NotPending(current),
        };
    }

    private async Task<DecisionOutcome> NotFoundAsync(string requestId, Actor actor, string action, ConversationRef conversation, CancellationToken cancellationToken)
    {
        var printable = InputValidator.Printable(requestId);
        await journal.RecordDenialAsync(actor, DenialReason.UnknownRequest, $"{action} of unknown request '{printable}'", conversation, [("action", action)], null, null, null, cancellationToken);
        return new DecisionOutcome.NotFound(printable);
    }

    private async Task<DecisionOutcome> RefuseAsync(RunRequest request, Actor actor, DenialReason reason, string message, string action, CancellationToken cancellationToken)
    {
        await journal.RecordAsync(AuditKind.Denied, actor, request, RequestJournal.SingleTarget(request), new Dictionary<string, string>
        {
            ["action"] = action,
            ["reason"] = reason.ToString(),
            ["message"] = message,
        }, cancellationToken);
        Log.Refused(logger, action, request.Id, actor.UserId, reason);
        return new DecisionOutcome.Refused(reason, message, request);
    }
}
