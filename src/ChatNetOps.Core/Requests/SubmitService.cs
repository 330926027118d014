namespace ChatNetOps.Core.Requests;

using System.Diagnostics;
using System.Globalization;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.ChangeWindows;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Locks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>
/// Turns a run command into a request: <see cref="SubmitPolicy"/> decides, and this records what it decided. A
/// read-only request is queued at once; a state-changing one takes its device's lock and waits for approval. Every
/// step and every refusal is in the audit trail before this returns, so the chat is told only what is recorded.
/// </summary>
public sealed partial class SubmitService(
    SubmitPolicy policy,
    InventoryCatalog catalog,
    IRequestStore requests,
    IDeviceLockStore locks,
    IIncidentStore incidents,
    RequestJournal journal,
    StandardChangeQueue standard,
    ChannelResolver channels,
    IncidentChoice choice,
    IOptions<RequestOptions> options,
    ILogger<SubmitService> logger,
    ChangeWindowService? windows = null)
{
    private const int MaxAuditedValueLength = 80;

    private readonly RequestOptions _options = options.Value;

    /// <summary>Submits from the command's conversation, resolving what it is bound to (callers outside a chat event).</summary>
    public async Task<SubmitOutcome> SubmitAsync(RunCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return await SubmitAsync(command, await channels.ResolveAsync(command.Conversation, cancellationToken), cancellationToken);
    }

    /// <summary>Submits <paramref name="command"/> from a conversation the event resolved to <paramref name="channel"/>.</summary>
    public async Task<SubmitOutcome> SubmitAsync(RunCommand command, ChannelContext channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(channel);

        // What a conversation is bound to is decided by the resolver, never taken from the caller.
        command = command with { Conversation = command.Conversation with { BoundTo = null } };

        // The chat command's trace travels with the request and its job, so the device run joins the same trace.
        using var activity = Telemetry.Source.StartActivity("request " + InputValidator.Printable(command.Runbook), ActivityKind.Producer);
        activity?.SetTag("chatnetops.platform", command.Conversation.Platform.ToString());
        command = command with { TraceParent = command.TraceParent ?? Activity.Current?.Id };

        if (command.RollbackOf is not null && await CheckRollbackAsync(command, cancellationToken) is { } refusal)
        {
            return await DenyAsync(command, refusal, cancellationToken);
        }

        var incidentId = SubmitPolicy.IncidentIdOf(command, channel);
        var incident = incidentId is not null && IncidentService.IsValidId(incidentId) ? await incidents.GetAsync(incidentId, cancellationToken) : null;
        var window = windows is null ? null : await windows.ForConversationAsync(command.Conversation, channel.ChangeWindow, cancellationToken);
        var bound = channel.OpenIncidents.Count == 0 ? [] : await choice.BoundAsync(channel.OpenIncidents, cancellationToken);
        return policy.Evaluate(command, channel, incident, window, bound) switch
        {
            SubmitVerdict.Denied denied => await DenyAsync(command, denied, cancellationToken),
            SubmitVerdict.NeedsInput needs => new SubmitOutcome.NeedsInput(needs.Runbook, needs.Missing, needs.Supplied, needs.AllowedDevices),
            SubmitVerdict.Admitted { Runbook.IsStateChanging: true } admitted => await AwaitApprovalAsync(admitted, channel, cancellationToken),
            SubmitVerdict.Admitted admitted => await QueueAsync(admitted.Request, cancellationToken),
            var other => throw new InvalidOperationException($"Unhandled submit verdict {other.GetType().Name}; add it to {nameof(SubmitService)}."),
        };
    }

    private async Task<SubmitOutcome> QueueAsync(RunRequest request, CancellationToken cancellationToken)
    {
        await journal.RecordAsync(AuditKind.Requested, request.Requester, request, null, Details(request), cancellationToken);
        var queued = await requests.CreateAsync(request with { Status = RequestStatus.Queued }, cancellationToken);
        await journal.QueueAsync(queued, request.Requester, cancellationToken);
        return new SubmitOutcome.Queued(queued);
    }

    /// <summary>Takes the device's lock (exactly one of racing requests gets it), then waits for a second engineer.</summary>
    private async Task<SubmitOutcome> AwaitApprovalAsync(SubmitVerdict.Admitted admitted, ChannelContext channel, CancellationToken cancellationToken)
    {
        var (request, runbook, device) = (admitted.Request, admitted.Runbook, admitted.Targets[0]);
        var now = request.CreatedAt;
        var expiresAt = now + (runbook.Approval.Expiry ?? _options.ApprovalExpiry);

        // A pending request holds the device for at most its approval expiry; approval extends the lease for the queue.
        var candidate = new DeviceLock(device.Name, request.Id, request.Requester, runbook.Name, request.Incident, now, expiresAt) { State = LockState.AwaitingApproval };
        var acquisition = await locks.TryAcquireAsync(candidate, now, cancellationToken);
        if (acquisition is LockAcquisition.Held held)
        {
            await journal.RecordAsync(AuditKind.LockRefused, request.Requester, request, device.Name, new Dictionary<string, string>
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

        var taken = (LockAcquisition.Acquired)acquisition;
        await journal.RecordAsync(AuditKind.Requested, request.Requester, request, device.Name, Details(request), cancellationToken);
        var lockDetails = new Dictionary<string, string> { ["leaseUntil"] = taken.Lock.LeaseUntil.ToString("O", CultureInfo.InvariantCulture) };
        if (taken.TookOver is { } expired)
        {
            lockDetails["tookOverExpiredLockOf"] = expired.RequestId;
        }

        await journal.RecordAsync(AuditKind.LockTaken, request.Requester, request, device.Name, lockDetails, cancellationToken);
        if (runbook.PreCheck is not null && request.RollbackOf is null)
        {
            // Look before asking: a worker runs the pre-check; the approval is asked for only once it has looked. A standard
            // change inside a window that approves it is queued by the worker once its pre-check passed (JobRunner).
            var checking = await requests.CreateAsync(request with { ExpiresAt = expiresAt }, cancellationToken);
            await journal.QueuePreCheckAsync(checking, cancellationToken);
            return new SubmitOutcome.PreChecking(checking);
        }

        if (admitted is { ApprovedByWindow: true, Window: { } window } && request.RollbackOf is null)
        {
            return await QueueStandardAsync(request, window, now, cancellationToken);
        }

        var approvers = catalog.Policy.ApproversFor(runbook, device, channel.Kind, admitted.Requester.Id).ToArray();
        var awaiting = await requests.CreateAsync(request with { Status = RequestStatus.AwaitingApproval, ExpiresAt = expiresAt }, cancellationToken);
        await journal.RecordAsync(AuditKind.ApprovalRequested, request.Requester, awaiting, device.Name, new Dictionary<string, string>
        {
            ["expiresAt"] = expiresAt.ToString("O", CultureInfo.InvariantCulture),
            ["approvers"] = string.Join(",", approvers.Select(a => a.Id)),
            ["approvalHash"] = awaiting.ApprovalHash,
            ["decisionKind"] = DecisionSubject.Of(awaiting).Kind.ToString(),
        }, cancellationToken);
        return new SubmitOutcome.AwaitingApproval(awaiting, approvers);
    }

    /// <summary>A standard change whose window approves it (see <see cref="StandardChangeQueue"/>): queued with the acknowledgement as its decision.</summary>
    private async Task<SubmitOutcome> QueueStandardAsync(RunRequest request, ChangeWindow window, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var queued = await requests.CreateAsync(request with { Status = RequestStatus.Queued, Decision = StandardChangeQueue.DecisionOf(window, request, now) }, cancellationToken);
        await standard.RecordAndQueueAsync(queued, window, now, cancellationToken);
        return new SubmitOutcome.Queued(queued);
    }

    /// <summary>
    /// A rollback names a change that offers one (it failed or completed with regressions), asks for exactly that change's
    /// rollback runbook with the inputs its mapping gives, under the same incident, from the conversation it ran in.
    /// </summary>
    private async Task<SubmitVerdict.Denied?> CheckRollbackAsync(RunCommand command, CancellationToken cancellationToken)
    {
        var original = await requests.GetAsync(command.RollbackOf!, cancellationToken);
        var runbook = original is null ? null : catalog.FindRunbook(original.Runbook);
        if (original is null || !Checks.ChangeOutcome.OffersRollback(original, runbook))
        {
            return new SubmitVerdict.Denied(DenialReason.UnknownRequest, $"{InputValidator.Printable(command.RollbackOf!)} is not a failed or regressed change with a rollback runbook; nothing to roll back.", "the Roll back button of a change that failed or completed with regressions", command.Actor);
        }

        var expected = runbook!.RollbackRunbook!.Fill(original.Inputs);
        var sameInputs = expected is not null && expected.Count == command.Inputs.Count
            && expected.All(p => command.Inputs.TryGetValue(p.Key, out var v) && string.Equals(v, p.Value, StringComparison.Ordinal));
        if (!original.Origin.IsSameAs(command.Conversation))
        {
            return new SubmitVerdict.Denied(DenialReason.WrongConversation, $"{original.Id} ran in another conversation; roll it back there.", "the conversation the change ran in", command.Actor);
        }

        return string.Equals(command.Runbook, runbook.RollbackRunbook.Runbook, StringComparison.OrdinalIgnoreCase) && sameInputs
            && string.Equals(command.Incident, original.Incident, StringComparison.OrdinalIgnoreCase)
            ? null
            : new SubmitVerdict.Denied(DenialReason.InvalidInput, $"A rollback of {original.Id} runs {runbook.RollbackRunbook.Runbook} with the inputs its rollback mapping gives, under {original.Incident}.", "the Roll back button on the result card", command.Actor);
    }

    private async Task<SubmitOutcome> DenyAsync(RunCommand command, SubmitVerdict.Denied denied, CancellationToken cancellationToken)
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

        await journal.RecordDenialAsync(denied.Actor, denied.Reason, denied.Message, command.Conversation, details, denied.Runbook, denied.Device, denied.Incident, cancellationToken);
        Log.Denied(logger, command.Actor.UserId, printableRunbook, denied.Reason);
        return new SubmitOutcome.Denied(denied.Reason, denied.Message, denied.Needed) { InputErrors = denied.InputErrors };
    }

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
        if (request.ChangeWindow is not null)
        {
            details["changeWindow"] = request.ChangeWindow;
        }

        if (request.RollbackOf is not null)
        {
            details["rollbackOf"] = request.RollbackOf;
        }

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

    private static string Truncate(string value) => RequestJournal.Truncate(value, MaxAuditedValueLength);
}
