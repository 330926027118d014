namespace ChatNetOps.Conversation.Dialog;

using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Requests;

/// <summary>
/// <c>run</c> (typed or from the form): hands the request to the submit service and answers with the card for
/// its outcome. A runbook named without its required inputs answers with a form instead of an error.
/// </summary>
internal sealed class RunHandler(SubmitService requests, IRequestStore store, InventoryCatalog catalog, Visibility visibility, RequestCards cards, RefusalCards refusals, IncidentChoice choice)
{
    /// <param name="rollbackOf">The change this run rolls back ("Roll back" on its result card); the submit service checks it.</param>
    public async Task<DialogResult> HandleAsync(DialogContext context, string runbook, IReadOnlyDictionary<string, string> inputs, string? incident, CancellationToken cancellationToken, string? rollbackOf = null)
    {
        var command = new RunCommand(context.Event.Actor, context.Event.Email, context.Conversation, runbook, inputs, incident) { RollbackOf = rollbackOf };
        var outcome = await requests.SubmitAsync(command, context.Channel, cancellationToken);
        var message = outcome is SubmitOutcome.DeviceLocked locked
            ? await LockedAsync(context, locked.Holder, runbook, cancellationToken)
            : outcome switch
        {
            // Attachable: the card then follows the run in place (running, per-device progress, finished).
            SubmitOutcome.Queued queued => cards.Status(queued.Request),
            SubmitOutcome.AwaitingApproval awaiting => cards.Approval(awaiting.Request, awaiting.Approvers, canAct: true),
            SubmitOutcome.PreChecking checking => cards.Status(checking.Request,
                $"Pre-check {catalog.FindRunbook(checking.Request.Runbook)?.PreCheck?.Link.Runbook ?? "(none)"} is looking at {string.Join(", ", checking.Request.Targets)} first; the approval card follows when it has looked (the device is held for you meanwhile)."),
            SubmitOutcome.NeedsInput needs => cards.RequestForm(needs.Runbook, needs.AllowedDevices, needs.Supplied, incident ?? await FormIncidentAsync(context, needs.Supplied, cancellationToken)),
            SubmitOutcome.Denied denied => refusals.Denied(new DenialView(
                denied.Message,
                denied.Reason.ToString(),
                denied.Needed,
                context.CorrelationId)
            {
                Runbook = catalog.FindRunbook(runbook)?.Name ?? InputValidator.Printable(runbook),
                Device = inputs.TryGetValue("device", out var device) ? InputValidator.Printable(device) : null,
                Incident = incident is null ? context.Channel.Incident : InputValidator.Printable(incident),
            }),
            _ => throw new InvalidOperationException($"Unhandled submit outcome {outcome.GetType().Name}; add it to {nameof(RunHandler)}."),
        };

        // A refusal is for the requester only, typed or pressed; so is a form pressed from a card; a request card is for everyone.
        if (outcome is SubmitOutcome.Denied or SubmitOutcome.DeviceLocked)
        {
            return DenialRecorder.Refusal(message);
        }

        return DialogResult.Of(context.IsAction && message.RequestId is null ? message with { Ephemeral = true } : message);
    }

    /// <summary>
    /// The incident a form carries when the command named none: a policy binding's, or the open incident here that is
    /// about the device typed (one opened in chat is about any device); never one the requester did not choose and the
    /// device does not pick, because the submitted form names it explicitly.
    /// </summary>
    private async Task<string?> FormIncidentAsync(DialogContext context, IReadOnlyDictionary<string, string> supplied, CancellationToken cancellationToken)
    {
        if (context.Channel.OpenIncidents.Count == 0)
        {
            return context.Channel.Incident;
        }

        var bound = await choice.BoundAsync(context.Channel.OpenIncidents, cancellationToken);
        if (bound is [{ Devices: null } only])
        {
            return only.Id;
        }

        return supplied.TryGetValue("device", out var device) && catalog.FindDevice(device) is { } known ? IncidentChoice.Pick(bound, [known.Name])?.Id : null;
    }

    /// <summary>
    /// The lock refusal says where the holding request is (a lock is taken when a change is requested, so the holder may
    /// only be waiting for approval) and whether it is the requester's own.
    /// </summary>
    private async Task<OutboundMessage> LockedAsync(DialogContext context, DeviceLock holder, string runbook, CancellationToken cancellationToken)
    {
        var holding = await store.GetAsync(holder.RequestId, cancellationToken);
        var owner = holder.Owner;
        var yours = (owner.MemberId is not null && string.Equals(owner.MemberId, context.Member?.Id, StringComparison.OrdinalIgnoreCase))
            || (owner.Platform == context.Event.Platform && string.Equals(owner.UserId, context.Event.UserId, StringComparison.Ordinal));
        return refusals.DeviceLocked(holder, catalog.FindRunbook(runbook)?.Name ?? InputValidator.Printable(runbook), holding?.Status, yours, ApproversOf(holding));
    }

    /// <summary>Who may approve the holding request while it waits ("awaiting approval by …"); empty otherwise.</summary>
    private IReadOnlyList<string> ApproversOf(RunRequest? holding)
    {
        if (holding is not { Status: RequestStatus.AwaitingApproval } || holding.Requester.MemberId is not { } requester
            || catalog.FindRunbook(holding.Runbook) is not { } held || catalog.FindDevice(holding.Targets[0]) is not { } device)
        {
            return [];
        }

        return [.. catalog.Policy.ApproversFor(held, device, holding.Origin.Kind, requester).Select(m => m.DisplayName)];
    }

    /// <summary>The "Request…" button of the runbook list: always the form, never a run.</summary>
    public async Task<DialogResult> FormAsync(DialogContext context, Runbook runbook, CancellationToken cancellationToken)
    {
        var devices = context.Member is null ? [] : visibility.Targetable(context.Member, runbook, context.Channel);
        return DialogResult.Of(cards.RequestForm(runbook, devices, new Dictionary<string, string>(), await FormIncidentAsync(context, new Dictionary<string, string>(), cancellationToken)) with { Ephemeral = true });
    }
}
