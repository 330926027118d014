namespace ChatNetOps.Core.Requests;

using System.Diagnostics;
using System.Globalization;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>
/// The request lifecycle: who may run what, where, on which device, with whose approval. Every step and every
/// refusal is appended to the audit trail before this returns, so the chat is told only what is already recorded.
/// </summary>
public sealed partial class RequestService(
    InventoryCatalog catalog,
    IRequestStore requests,
    IDeviceLockStore locks,
    IIncidentStore incidents,
    IAuditLog audit,
    IJobQueue jobs,
    IResultQueue results,
    ChannelResolver channels,
    IOptions<RequestOptions> options,
    TimeProvider time,
    ILogger<RequestService> logger)
{
    private const int MaxAuditedValueLength = 80;

    private readonly RequestOptions _options = options.Value;

    public async Task<SubmitOutcome> SubmitAsync(RunCommand command, CancellationToken cancellationToken)
    {
        // What a conversation is bound to is decided here (ChannelResolver), never taken from the caller.
        command = command with { Conversation = command.Conversation with { BoundTo = null } };

        // The chat command's trace travels with the request and its job, so the device run joins the same trace.
        using var activity = Telemetry.Source.StartActivity("request " + InputValidator.Printable(command.Runbook), ActivityKind.Producer);
        activity?.SetTag("chatnetops.platform", command.Conversation.Platform.ToString());
        command = command with { TraceParent = command.TraceParent ?? Activity.Current?.Id };
        var match = catalog.Policy.Match(command.Actor.Platform, command.Actor.UserId, command.Email);
        var member = match?.Member;
        if (match is null || member is null)
        {
            return await DenyAsync(command, null, DenialReason.UnknownUser,
                $"{command.Actor.DisplayName} is not in the access policy.",
                "an administrator adds you to inventory/policy.yaml with your chat identity", cancellationToken);
        }

        var actor = match.Apply(command.Actor);
        command = command with { Actor = actor };

        var runbook = catalog.FindRunbook(command.Runbook);
        if (runbook is null)
        {
            return await DenyAsync(command, null, DenialReason.UnknownRunbook,
                $"There is no runbook named '{InputValidator.Printable(command.Runbook)}'.",
                "one of the runbooks listed by 'runbooks'", cancellationToken);
        }

        var channel = await channels.ResolveAsync(command.Conversation, cancellationToken);
        command = command with { Conversation = command.Conversation with { BoundTo = channel.BoundTo } };
        var validation = InputValidator.Validate(runbook, command.Inputs, catalog);
        var onlyMissing = validation.Errors.Count > 0 && validation.Errors.Count == validation.Missing.Count;
        if (onlyMissing)
        {
            var allowed = catalog.Devices
                .Where(d => runbook.Targets(d) && catalog.Policy.IsGranted(member, GrantAction.Run, runbook, d, channel.Kind))
                .OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase)
                .ToArray();
            return new SubmitOutcome.NeedsInput(runbook, validation.Missing, validation.Values, allowed);
        }

        if (!validation.IsValid)
        {
            var message = "Invalid input: " + string.Join("; ", validation.Errors.Select(e => e.ToString()));
            var denied = await DenyAsync(command, runbook, DenialReason.InvalidInput, message,
                "values that match the runbook's typed inputs ('help " + runbook.Name + "')", cancellationToken, incident: channel.Incident);
            return denied is SubmitOutcome.Denied d ? d with { InputErrors = validation.Errors } : denied;
        }

        var targets = ResolveTargets(runbook, validation.Values);
        if (targets.Length == 0)
        {
            return await DenyAsync(command, runbook, DenialReason.InvalidInput,
                $"{runbook.Name} needs a target: give device=<name>" + (runbook.Inputs.Any(i => i.Type == InputType.DeviceGroup) ? " or group=<name>." : "."),
                "a device input", cancellationToken, incident: channel.Incident);
        }

        if (runbook.IsStateChanging && targets.Length != 1)
        {
            return await DenyAsync(command, runbook, DenialReason.FanOutNotAllowed,
                $"{runbook.Name} changes state and may target exactly one device.", "device=<one device>", cancellationToken, incident: channel.Incident);
        }

        var notGranted = targets.FirstOrDefault(d => !catalog.Policy.IsGranted(member, GrantAction.Run, runbook, d, channel.Kind));
        if (notGranted is not null)
        {
            return await DenyAsync(command, runbook, DenialReason.NotGranted,
                $"Your roles ({string.Join(", ", member.Roles)}) do not allow {runbook.Name} on {notGranted.Name} ({string.Join(", ", notGranted.Groups)}) from {Describe(channel.Kind)}.",
                NeededGrant(runbook, notGranted, channel.Kind), cancellationToken, notGranted.Name, channel.Incident);
        }

        if (!ChannelSatisfies(runbook.Channel, channel.Kind))
        {
            return await DenyAsync(command, runbook, DenialReason.WrongChannel,
                $"{runbook.Name} may only be launched from a channel bound to {(runbook.Channel == ChannelRequirement.Incident ? "an incident" : "an incident or change window")}; this is {Describe(channel.Kind)}.",
                "run it in the incident's channel, or bind this one with 'incident open INC-… \"title\"'", cancellationToken, targets[0].Name, channel.Incident);
        }

        var incident = command.Incident?.Trim().ToUpperInvariant();
        if (incident is not null && !IncidentService.IsValidId(incident))
        {
            return await DenyAsync(command, runbook, DenialReason.InvalidInput,
                $"'{InputValidator.Printable(incident)}' is not an incident id.", "incident=INC-1234", cancellationToken, targets[0].Name, channel.Incident);
        }

        if (incident is not null && channel.Incident is not null && !string.Equals(incident, channel.Incident, StringComparison.OrdinalIgnoreCase))
        {
            return await DenyAsync(command, runbook, DenialReason.IncidentMismatch,
                $"This channel is bound to {channel.Incident}, not {InputValidator.Printable(incident)}.",
                $"incident={channel.Incident} or the channel of {InputValidator.Printable(incident)}", cancellationToken, targets[0].Name, channel.Incident);
        }

        incident ??= channel.Incident?.ToUpperInvariant();
        if (runbook.RequiresIncident && incident is null)
        {
            return await DenyAsync(command, runbook, DenialReason.MissingIncident,
                $"{runbook.Name} changes state and needs an incident id.",
                "incident=INC-… or a channel bound to the incident", cancellationToken, targets[0].Name, channel.Incident);
        }

        if (incident is not null)
        {
            // The incident must exist and be open: opened with 'incident open' (in the store), or declared by a policy
            // binding and not closed since. A made-up id is refused, so it never gets an audit partition of its own.
            var known = await incidents.GetAsync(incident, cancellationToken);
            if (known is { State: IncidentState.Closed })
            {
                return await DenyAsync(command, runbook, DenialReason.IncidentClosed,
                    $"Incident {incident} is closed.", "an open incident", cancellationToken, targets[0].Name, channel.Incident);
            }

            if (known is null && !catalog.Policy.DeclaresIncident(incident, time.GetUtcNow()))
            {
                return await DenyAsync(command, runbook, DenialReason.UnknownIncident,
                    $"There is no open incident {incident}.",
                    $"an open incident: an incident commander opens it in its channel with 'incident open {incident} \"title\"'", cancellationToken, targets[0].Name, channel.Incident);
            }
        }

        var now = time.GetUtcNow();
        var inputs = new Dictionary<string, string>(validation.Values, StringComparer.OrdinalIgnoreCase);
        var targetNames = targets.Select(t => t.Name).ToArray();
        var conversation = command.Conversation with { BoundTo = channel.BoundTo };
        var request = new RunRequest(
            Id: RequestIds.New(),
            Runbook: runbook.Name,
            RunbookVersion: runbook.Version,
            Mode: runbook.Mode,
            Inputs: inputs,
            Targets: targetNames,
            Requester: actor,
            Origin: conversation,
            Incident: incident,
            Status: RequestStatus.Requested,
            CreatedAt: now)
        {
            UpdatedAt = now,
            ApprovalHash = ApprovalHash.Compute(runbook.Name, runbook.Version, inputs, targetNames),
            TraceParent = command.TraceParent,
        };

        return runbook.IsStateChanging
            ? await SubmitStateChangingAsync(request, runbook, targets[0], member, channel, cancellationToken)
            : await SubmitReadOnlyAsync(request, cancellationToken);
    }

    private async Task<SubmitOutcome> SubmitReadOnlyAsync(RunRequest request, CancellationToken cancellationToken)
    {
        await AppendAsync(AuditKind.Requested, request.Requester, request, null, Details(request), cancellationToken);
        var queued = await requests.CreateAsync(request with { Status = RequestStatus.Queued }, cancellationToken);
        await EnqueueAsync(queued, request.Requester, cancellationToken);
        return new SubmitOutcome.Queued(queued);
    }

    private async Task<SubmitOutcome> SubmitStateChangingAsync(RunRequest request, Runbook runbook, Device device, Member requester, ChannelContext channel, CancellationToken cancellationToken)
    {
        var now = request.CreatedAt;
        var expiresAt = now + (runbook.Approval.Expiry ?? _options.ApprovalExpiry);
        var candidate = new DeviceLock(device.Name, request.Id, request.Requester, runbook.Name, request.Incident, now, expiresAt + _options.QueuedLockLease);
        var acquisition = await locks.TryAcquireAsync(candidate, now, cancellationToken);
        if (acquisition is LockAcquisition.Held held)
        {
            await AppendAsync(AuditKind.LockRefused, request.Requester, request, device.Name, new Dictionary<string, string>
            {
                ["heldBy"] = held.Holder.Owner.ToString(),
                ["heldByRequest"] = held.Holder.RequestId,
                ["heldForRunbook"] = held.Holder.Runbook,
                ["heldForIncident"] = held.Holder.Incident ?? string.Empty,
                ["heldSince"] = held.Holder.AcquiredAt.ToString("O", CultureInfo.InvariantCulture),
                ["runbook"] = request.Runbook,
            }, cancellationToken);
            Log.DeviceLocked(logger, device.Name, held.Holder.RequestId, request.Requester.UserId);
            return new SubmitOutcome.DeviceLocked(held.Holder);
        }

        var taken = ((LockAcquisition.Acquired)acquisition).Lock;
        await AppendAsync(AuditKind.Requested, request.Requester, request, device.Name, Details(request), cancellationToken);
        var lockDetails = new Dictionary<string, string> { ["leaseUntil"] = taken.LeaseUntil.ToString("O", CultureInfo.InvariantCulture) };
        if (acquisition is LockAcquisition.Acquired { TookOver: { } expired })
        {
            lockDetails["tookOverExpiredLockOf"] = expired.RequestId;
        }

        await AppendAsync(AuditKind.LockTaken, request.Requester, request, device.Name, lockDetails, cancellationToken);
        var approvers = catalog.Policy.ApproversFor(runbook, device, channel.Kind, requester.Id).ToArray();
        var awaiting = await requests.CreateAsync(request with { Status = RequestStatus.AwaitingApproval, ExpiresAt = expiresAt }, cancellationToken);
        await AppendAsync(AuditKind.ApprovalRequested, request.Requester, awaiting, device.Name, new Dictionary<string, string>
        {
            ["expiresAt"] = expiresAt.ToString("O", CultureInfo.InvariantCulture),
            ["approvers"] = string.Join(",", approvers.Select(a => a.Id)),
            ["approvalHash"] = awaiting.ApprovalHash,
        }, cancellationToken);
        return new SubmitOutcome.AwaitingApproval(awaiting, approvers);
    }

    /// <summary>A second engineer approves. Exactly one of racing approvals wins; the loser is told who approved.</summary>
    public Task<DecisionOutcome> ApproveAsync(string requestId, Actor approver, string? email, ConversationRef conversation, CancellationToken cancellationToken) =>
        DecideAsync(requestId, approver, email, conversation, approve: true, reason: null, cancellationToken);

    public Task<DecisionOutcome> RejectAsync(string requestId, Actor approver, string? email, ConversationRef conversation, string? reason, CancellationToken cancellationToken) =>
        DecideAsync(requestId, approver, email, conversation, approve: false, reason, cancellationToken);

    private async Task<DecisionOutcome> DecideAsync(string requestId, Actor decider, string? email, ConversationRef conversation, bool approve, string? reason, CancellationToken cancellationToken)
    {
        var verb = approve ? "approve" : "reject";
        var request = await requests.GetAsync(RequestIds.Normalize(requestId), cancellationToken);
        if (request is null)
        {
            await AppendDenialAsync(decider, null, DenialReason.UnknownRequest, $"{verb} of unknown request '{InputValidator.Printable(requestId)}'", conversation, [("action", verb)], null, null, cancellationToken);
            return new DecisionOutcome.NotFound(InputValidator.Printable(requestId));
        }

        var match = catalog.Policy.Match(decider.Platform, decider.UserId, email);
        if (match is null)
        {
            return await RefuseAsync(request, decider, DenialReason.UnknownUser, $"{decider.DisplayName} is not in the access policy.", verb, cancellationToken);
        }

        var member = match.Member;
        decider = match.Apply(decider);
        if (!SameConversation(request.Origin, conversation))
        {
            return await RefuseAsync(request, decider, DenialReason.WrongConversation,
                $"Request {request.Id} belongs to another conversation; decide it where it was requested.", verb, cancellationToken);
        }

        if (request.Status != RequestStatus.AwaitingApproval)
        {
            return request.Decision is not null ? new DecisionOutcome.AlreadyDecided(request) : new DecisionOutcome.NotPending(request);
        }

        var now = time.GetUtcNow();
        if (request.ExpiresAt is { } expiresAt && now >= expiresAt)
        {
            var expired = await ExpireAsync(request, cancellationToken);
            return expired is null ? await ReloadOutcomeAsync(request.Id, cancellationToken) : new DecisionOutcome.Expired(expired);
        }

        if (string.Equals(member.Id, request.Requester.MemberId, StringComparison.OrdinalIgnoreCase)
            || (decider.Platform == request.Requester.Platform && string.Equals(decider.UserId, request.Requester.UserId, StringComparison.Ordinal)))
        {
            return await RefuseAsync(request, decider, DenialReason.SelfApproval,
                $"You requested {request.Id}; a second engineer must {verb} it.", verb, cancellationToken);
        }

        var runbook = catalog.FindRunbook(request.Runbook);
        var device = catalog.FindDevice(request.Targets[0]);
        if (runbook is null || device is null || !string.Equals(runbook.Version, request.RunbookVersion, StringComparison.Ordinal))
        {
            return await RefuseAsync(request, decider, DenialReason.RunbookChanged,
                $"Runbook {request.Runbook} or device {request.Targets[0]} changed since {request.Id} was requested; request it again.", verb, cancellationToken);
        }

        var channel = await channels.ResolveAsync(conversation, cancellationToken);
        if (!catalog.Policy.IsGranted(member, GrantAction.Approve, runbook, device, channel.Kind))
        {
            return await RefuseAsync(request, decider, DenialReason.NotGranted,
                $"Your roles ({string.Join(", ", member.Roles)}) have no grant to {verb} {runbook.Name} on {device.Name} from {Describe(channel.Kind)}.", verb, cancellationToken);
        }

        if (runbook.Approval.ApproverRoles.Count > 0 && !member.Roles.Any(r => runbook.Approval.ApproverRoles.Contains(r, StringComparer.OrdinalIgnoreCase)))
        {
            // The grant allows it, but the runbook itself names who may decide it (approval.approver_roles).
            return await RefuseAsync(request, decider, DenialReason.NotApproverRole,
                $"{runbook.Name} may only be {(approve ? "approved" : "rejected")} by {string.Join(" or ", runbook.Approval.ApproverRoles)} (its approver_roles); your roles ({string.Join(", ", member.Roles)}) are not among them.", verb, cancellationToken);
        }

        var decision = new Decision(decider, now, approve, reason, ApprovalHash.Compute(request));
        RunRequest? stored = null;
        for (var current = request; stored is null;)
        {
            stored = await requests.TryReplaceAsync(current with
            {
                Status = approve ? RequestStatus.Queued : RequestStatus.Rejected,
                Decision = decision,
                UpdatedAt = now,
                StatusReason = approve ? null : reason,
            }, current.ETag!, cancellationToken);
            if (stored is not null)
            {
                break;
            }

            // Lost a conditional write: another decision wins; an unrelated change (an attached message id) does not.
            var latest = await requests.GetAsync(request.Id, cancellationToken);
            if (latest is not { Status: RequestStatus.AwaitingApproval, Decision: null }
                || !string.Equals(ApprovalHash.Compute(latest), decision.ApprovalHash, StringComparison.Ordinal))
            {
                return await ReloadOutcomeAsync(request.Id, cancellationToken);
            }

            current = latest;
        }

        if (approve)
        {
            await AppendAsync(AuditKind.Approved, decider, stored, device.Name, new Dictionary<string, string>
            {
                ["approvalHash"] = decision.ApprovalHash,
                ["requester"] = request.Requester.ToString(),
            }, cancellationToken);
            if (await locks.GetAsync(device.Name, cancellationToken) is { } held && string.Equals(held.RequestId, stored.Id, StringComparison.Ordinal))
            {
                await locks.RenewAsync(held, now + _options.QueuedLockLease, cancellationToken);
            }

            await EnqueueAsync(stored, decider, cancellationToken);
            return new DecisionOutcome.Approved(stored);
        }

        await AppendAsync(AuditKind.Rejected, decider, stored, device.Name, new Dictionary<string, string>
        {
            ["reason"] = Truncate(reason ?? string.Empty),
        }, cancellationToken);
        await ReleaseLockAsync(stored, decider, cancellationToken);
        await NotifyAsync(stored, cancellationToken);
        return new DecisionOutcome.Rejected(stored);
    }

    /// <summary>The requester withdraws a request that has not started.</summary>
    public async Task<DecisionOutcome> CancelAsync(string requestId, Actor actor, string? email, ConversationRef conversation, CancellationToken cancellationToken)
    {
        var request = await requests.GetAsync(RequestIds.Normalize(requestId), cancellationToken);
        if (request is null)
        {
            await AppendDenialAsync(actor, null, DenialReason.UnknownRequest, $"cancel of unknown request '{InputValidator.Printable(requestId)}'", conversation, [("action", "cancel")], null, null, cancellationToken);
            return new DecisionOutcome.NotFound(InputValidator.Printable(requestId));
        }

        var match = catalog.Policy.Match(actor.Platform, actor.UserId, email);
        if (match is null || !string.Equals(match.Member.Id, request.Requester.MemberId, StringComparison.OrdinalIgnoreCase))
        {
            return await RefuseAsync(request, match is null ? actor : match.Apply(actor), DenialReason.NotRequester,
                $"Only {request.Requester.DisplayName}, who requested {request.Id}, can cancel it.", "cancel", cancellationToken);
        }

        actor = match.Apply(actor);
        while (request.Status is RequestStatus.AwaitingApproval or RequestStatus.Queued)
        {
            var now = time.GetUtcNow();
            var stored = await requests.TryReplaceAsync(request with { Status = RequestStatus.Cancelled, UpdatedAt = now, StatusReason = "cancelled by requester" }, request.ETag!, cancellationToken);
            if (stored is not null)
            {
                await AppendAsync(AuditKind.Cancelled, actor, stored, stored.Targets.Count == 1 ? stored.Targets[0] : null, new Dictionary<string, string>
                {
                    ["previousStatus"] = request.Status.ToString(),
                }, cancellationToken);
                if (stored.IsStateChanging)
                {
                    await ReleaseLockAsync(stored, actor, cancellationToken);
                }

                await NotifyAsync(stored, cancellationToken);
                return new DecisionOutcome.Cancelled(stored);
            }

            request = await requests.GetAsync(request.Id, cancellationToken) ?? request;
        }

        return new DecisionOutcome.NotPending(request);
    }

    /// <summary>
    /// Records which chat message shows the request's card (Slack ts, Teams activity id), so status changes and
    /// results update that message in place. Retries on concurrent writes; returns the stored request.
    /// </summary>
    public async Task<RunRequest?> AttachMessageAsync(string requestId, string messageId, string? link, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 16; attempt++)
        {
            var request = await requests.GetAsync(RequestIds.Normalize(requestId), cancellationToken);
            if (request is null)
            {
                return null;
            }

            var origin = request.Origin with { MessageId = messageId, Link = link ?? request.Origin.Link };
            var stored = await requests.TryReplaceAsync(request with { Origin = origin }, request.ETag!, cancellationToken);
            if (stored is not null)
            {
                return stored;
            }
        }

        throw new InvalidOperationException($"Could not attach message {messageId} to request {requestId}: the request kept changing under 16 attempts.");
    }

    /// <summary>
    /// Expires approvals past their deadline and interrupts runs whose worker lease ran out (never re-run
    /// automatically). Returns the requests it changed.
    /// </summary>
    public async Task<IReadOnlyList<RunRequest>> SweepAsync(CancellationToken cancellationToken)
    {
        var changed = new List<RunRequest>();
        var now = time.GetUtcNow();
        foreach (var pending in await requests.ListByStatusAsync(RequestStatus.AwaitingApproval, 500, cancellationToken))
        {
            if (pending.ExpiresAt is { } at && now >= at && await ExpireAsync(pending, cancellationToken) is { } expired)
            {
                changed.Add(expired);
            }
        }

        foreach (var running in await requests.ListByStatusAsync(RequestStatus.Running, 500, cancellationToken))
        {
            if (running.LeaseUntil is { } until && now >= until)
            {
                var interrupted = await requests.TryReplaceAsync(running with
                {
                    Status = RequestStatus.Interrupted,
                    UpdatedAt = now,
                    StatusReason = $"worker {running.Worker} stopped renewing its lease at {until:O}; not re-run automatically",
                }, running.ETag!, cancellationToken);
                if (interrupted is null)
                {
                    continue;
                }

                await AppendAsync(AuditKind.Interrupted, Actor.System, interrupted, interrupted.Targets.Count == 1 ? interrupted.Targets[0] : null, new Dictionary<string, string>
                {
                    ["worker"] = running.Worker ?? string.Empty,
                    ["leaseUntil"] = until.ToString("O", CultureInfo.InvariantCulture),
                }, cancellationToken);
                if (interrupted.IsStateChanging)
                {
                    await ReleaseLockAsync(interrupted, Actor.System, cancellationToken);
                }

                await NotifyAsync(interrupted, cancellationToken);
                changed.Add(interrupted);
            }
        }

        return changed;
    }

    private async Task<RunRequest?> ExpireAsync(RunRequest pending, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expired = await requests.TryReplaceAsync(pending with
        {
            Status = RequestStatus.Expired,
            UpdatedAt = now,
            StatusReason = $"no approval before {pending.ExpiresAt:O}",
        }, pending.ETag!, cancellationToken);
        if (expired is null)
        {
            return null;
        }

        await AppendAsync(AuditKind.Expired, Actor.System, expired, expired.Targets[0], new Dictionary<string, string>
        {
            ["expiresAt"] = pending.ExpiresAt?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty,
        }, cancellationToken);
        await ReleaseLockAsync(expired, Actor.System, cancellationToken);
        await NotifyAsync(expired, cancellationToken);
        return expired;
    }

    private async Task<DecisionOutcome> ReloadOutcomeAsync(string requestId, CancellationToken cancellationToken)
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

    private async Task<DecisionOutcome> RefuseAsync(RunRequest request, Actor actor, DenialReason reason, string message, string action, CancellationToken cancellationToken)
    {
        await AppendAsync(AuditKind.Denied, actor, request, request.Targets.Count == 1 ? request.Targets[0] : null, new Dictionary<string, string>
        {
            ["action"] = action,
            ["reason"] = reason.ToString(),
            ["message"] = message,
        }, cancellationToken);
        Log.Refused(logger, action, request.Id, actor.UserId, reason);
        return new DecisionOutcome.Refused(reason, message, request);
    }

    internal async Task ReleaseLockAsync(RunRequest request, Actor actor, CancellationToken cancellationToken)
    {
        foreach (var device in request.Targets)
        {
            if (await locks.ReleaseAsync(device, request.Id, cancellationToken))
            {
                await AppendAsync(AuditKind.LockReleased, actor, request, device, new Dictionary<string, string>
                {
                    ["status"] = request.Status.ToString(),
                }, cancellationToken);
            }
        }
    }

    private async Task EnqueueAsync(RunRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await AppendAsync(AuditKind.Queued, actor, request, request.Targets.Count == 1 ? request.Targets[0] : null, new Dictionary<string, string>
        {
            ["targets"] = string.Join(",", request.Targets),
        }, cancellationToken);
        await jobs.EnqueueAsync(new JobMessage("job-" + request.Id, request.Id, now, request.TraceParent), cancellationToken);
    }

    private Task NotifyAsync(RunRequest request, CancellationToken cancellationToken) =>
        results.EnqueueAsync(new ResultMessage($"{request.Id}:{request.Status}", request.Id, ResultKind.StatusChanged, request.Status, time.GetUtcNow(), request.TraceParent), cancellationToken);

    private async Task<SubmitOutcome> DenyAsync(RunCommand command, Runbook? runbook, DenialReason reason, string message, string? needed, CancellationToken cancellationToken, string? device = null, string? incident = null)
    {
        var printableRunbook = Truncate(InputValidator.Printable(command.Runbook));
        var details = new List<(string, string)>
        {
            ("action", "run"),
            ("runbook", printableRunbook),
            ("channelKind", command.Conversation.Kind.ToString()),
            ("conversation", command.Conversation.ConversationId),
        };
        details.AddRange(command.Inputs.Take(16).Select(p => ("input." + Truncate(InputValidator.Printable(p.Key)), Truncate(InputValidator.Printable(p.Value)))));
        if (command.Incident is not null)
        {
            details.Add(("incident", Truncate(InputValidator.Printable(command.Incident))));
        }

        await AppendDenialAsync(command.Actor, runbook?.Name, reason, message, command.Conversation, details, device, incident, cancellationToken);
        Log.Denied(logger, command.Actor.UserId, printableRunbook, reason);
        return new SubmitOutcome.Denied(reason, message, needed);
    }

    private async Task AppendDenialAsync(Actor actor, string? runbook, DenialReason reason, string message, ConversationRef conversation, IEnumerable<(string Key, string Value)> details, string? device, string? incident, CancellationToken cancellationToken)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal) { ["reason"] = reason.ToString(), ["message"] = Truncate(message, 400) };
        foreach (var (key, value) in details)
        {
            map.TryAdd(key, value);
        }

        await audit.AppendAsync(new AuditEntry(AuditKind.Denied, actor)
        {
            Runbook = runbook,
            Device = device,
            Incident = incident,
            MessageLink = conversation.Link,
            Details = map,
        }, cancellationToken);
    }

    private Task<AuditEvent> AppendAsync(AuditKind kind, Actor actor, RunRequest request, string? device, IReadOnlyDictionary<string, string> details, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditEntry(kind, actor)
        {
            RequestId = request.Id,
            Runbook = request.Runbook,
            Device = device,
            Incident = request.Incident,
            MessageLink = request.Origin.Link,
            Details = details,
        }, cancellationToken);

    private Dictionary<string, string> Details(RunRequest request)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["mode"] = request.Mode.ToString(),
            ["runbookVersion"] = request.RunbookVersion,
            ["targets"] = string.Join(",", request.Targets),
            ["conversation"] = request.Origin.ConversationId,
            ["channelKind"] = request.Origin.Kind.ToString(),
            ["approvalHash"] = request.ApprovalHash,
        };
        foreach (var (key, value) in request.Inputs)
        {
            details["input." + key] = value;
        }

        foreach (var (key, value) in InventoryProvenance.Describe(catalog, request.Targets))
        {
            details[key] = value;
        }

        return details;
    }

    private Device[] ResolveTargets(Runbook runbook, IReadOnlyDictionary<string, string> values)
    {
        var devices = new List<Device>();
        foreach (var input in runbook.Inputs)
        {
            if (!values.TryGetValue(input.Name, out var value))
            {
                continue;
            }

            if (input.Type == InputType.Device && catalog.FindDevice(value) is { } device)
            {
                devices.Add(device);
            }
            else if (input.Type == InputType.DeviceGroup)
            {
                devices.AddRange(catalog.DevicesInGroup(value).Where(runbook.Targets));
            }
        }

        return devices.DistinctBy(d => d.Name, StringComparer.OrdinalIgnoreCase).OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase).ToArray();
    }

    private static bool ChannelSatisfies(ChannelRequirement requirement, ChannelKind kind) => requirement switch
    {
        ChannelRequirement.Any => true,
        ChannelRequirement.Incident => kind == ChannelKind.Incident,
        ChannelRequirement.IncidentOrChangeWindow => kind is ChannelKind.Incident or ChannelKind.ChangeWindow,
        _ => false,
    };

    private static bool SameConversation(ConversationRef a, ConversationRef b) =>
        a.Platform == b.Platform && string.Equals(a.ConversationId, b.ConversationId, StringComparison.Ordinal);

    private string NeededGrant(Runbook runbook, Device device, ChannelKind kind)
    {
        var roles = catalog.Policy.Grants
            .Where(g => g.Actions.Contains(GrantAction.Run) && g.CoversRunbook(runbook.Name) && g.CoversGroupOf(device) && g.ChannelKinds.Contains(kind))
            .Select(g => g.Role)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
        return roles.Length > 0
            ? $"one of the roles {string.Join(", ", roles)}"
            : $"a grant covering {runbook.Name} on {string.Join("/", device.Groups)} from {Describe(kind)} (none exists)";
    }

    internal static string Describe(ChannelKind kind) => kind switch
    {
        ChannelKind.Direct => "a direct message",
        ChannelKind.Group => "a channel not bound to an incident",
        ChannelKind.Incident => "an incident channel",
        ChannelKind.ChangeWindow => "a change-window channel",
        ChannelKind.Console => "the local console",
        _ => kind.ToString(),
    };

    private static string Truncate(string value, int max = MaxAuditedValueLength) =>
        value.Length <= max ? value : value[..max] + "…";
}
