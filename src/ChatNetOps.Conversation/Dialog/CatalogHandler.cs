namespace ChatNetOps.Conversation.Dialog;

using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Notifications;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Requests;

/// <summary>
/// <c>runbooks</c>, <c>devices [group]</c>, <c>locks</c> and <c>notify</c>: what this user may use here, what is locked
/// and for what (awaiting approval by whom, queued, running), and "tell me when this lock is released".
/// </summary>
internal sealed class CatalogHandler(
    Visibility visibility,
    IDeviceLockStore locks,
    IRequestStore requests,
    InventoryCatalog catalog,
    LockWatchService watches,
    LockReleaseNotifier released,
    DenialRecorder denials,
    CatalogCards cards,
    TimeProvider time)
{
    public async Task<DialogResult> RunbooksAsync(DialogContext context, CancellationToken cancellationToken)
    {
        if (context.Member is null)
        {
            return await NotInPolicyAsync(context, "runbooks", cancellationToken);
        }

        return DialogResult.Of(cards.RunbookList([.. visibility.RunnableHere(context.Member, context.Channel)]));
    }

    public async Task<DialogResult> DevicesAsync(DialogContext context, string? group, CancellationToken cancellationToken)
    {
        if (context.Member is null)
        {
            return await NotInPolicyAsync(context, "devices", cancellationToken);
        }

        var devices = visibility.TargetableAny(context.Member, context.Channel)
            .Where(d => group is null || d.InGroup(group))
            .ToArray();
        if (devices.Length == 0)
        {
            return DialogResult.Of(OutboundMessage.Plain(group is null ? "No devices are available to you here." : $"No devices in {group} are available to you here."));
        }

        return DialogResult.Of(cards.DeviceList(devices, group, await ActiveLocksAsync(cancellationToken)));
    }

    public async Task<DialogResult> LocksAsync(DialogContext context, CancellationToken cancellationToken)
    {
        if (context.Member is null)
        {
            return await NotInPolicyAsync(context, "locks", cancellationToken);
        }

        var held = await ActiveLocksAsync(cancellationToken);
        if (held.Count == 0)
        {
            return DialogResult.Of(OutboundMessage.Plain("No device is locked."));
        }

        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var l in held.Take(CardLimits.ListedLines))
        {
            states[l.RequestId] = await StateOfAsync(l, cancellationToken);
        }

        return DialogResult.Of(cards.LockList(held, states));
    }

    /// <summary>
    /// <c>notify R-…</c> / <c>notify DEVICE</c> and the "Notify me" button of the lock refusal: a durable watch on the lock,
    /// answered to the asker only. The release is told once, in this conversation.
    /// </summary>
    public async Task<DialogResult> NotifyAsync(DialogContext context, string target, CancellationToken cancellationToken)
    {
        if (context.Member is null)
        {
            return await NotInPolicyAsync(context, "notify", cancellationToken);
        }

        string device;
        string? requestId = null;
        if (catalog.FindDevice(target) is { } named)
        {
            device = named.Name;
        }
        else if (await requests.GetAsync(target, cancellationToken) is { } request && request.Targets.Count > 0)
        {
            (device, requestId) = (request.Targets[0], request.Id);
        }
        else
        {
            return Quiet($"There is no device or request '{InputValidator.Printable(target)}'; 'locks' lists what is locked.");
        }

        var watcher = new Actor(context.Event.Platform, context.Event.UserId, context.Event.DisplayName) { MemberId = context.Member.Id };
        var outcome = await watches.WatchAsync(watcher, context.Conversation, device, requestId, cancellationToken);
        var answer = outcome switch
        {
            LockWatchOutcome.Watching watching => $"You will be told here once {watching.Lock.Device} is released ({watching.Lock.RequestId}, {watching.Lock.Runbook} by {watching.Lock.Owner.DisplayName}, {await StateOfAsync(watching.Lock, cancellationToken)}).",
            LockWatchOutcome.AlreadyWatching already => $"You are already waiting on {already.Lock.Device} ({already.Lock.RequestId}); you will be told here once it is released.",
            LockWatchOutcome.NotLocked { HeldBy: { } other } free => $"{free.RequestId} no longer holds {free.Device}; it is locked now by {other.Owner.DisplayName} ({other.RequestId}, {other.Runbook}). 'notify {free.Device}' waits for that lock.",
            LockWatchOutcome.NotLocked free => $"{free.Device} is not locked now{(free.RequestId is null ? string.Empty : $" ({free.RequestId} holds no lock)")}; you can go ahead.",
            _ => throw new InvalidOperationException($"Unhandled watch outcome {outcome.GetType().Name}."),
        };

        // A release that landed between the lookup and the watch is told at once rather than at the next sweep.
        if (outcome is LockWatchOutcome.Watching)
        {
            await released.SweepAsync(cancellationToken);
        }

        return Quiet(answer);
    }

    /// <summary>What a lock is held for, in words: "awaiting approval by …", "queued to run", "running".</summary>
    private async Task<string> StateOfAsync(DeviceLock held, CancellationToken cancellationToken)
    {
        var request = await requests.GetAsync(held.RequestId, cancellationToken);
        var state = held.State ?? (request is null ? null : LockStates.Of(request.Status));
        return state switch
        {
            LockState.AwaitingApproval => request is null || visibility.ApproversOf(request) is not { Count: > 0 } approvers
                ? "awaiting approval"
                : "awaiting approval by " + string.Join(" or ", approvers.Select(a => a.DisplayName)),
            LockState.Queued => "approved, queued to run",
            LockState.Running => "running",
            _ => "held until its lease ends",
        };
    }

    private static DialogResult Quiet(string text) => DialogResult.Of(OutboundMessage.Plain(text) with { Ephemeral = true });

    /// <summary>Locks whose lease has not run out, by device name.</summary>
    private async Task<IReadOnlyList<DeviceLock>> ActiveLocksAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return [.. (await locks.ListAsync(cancellationToken)).Where(l => !l.IsExpired(now)).OrderBy(l => l.Device, StringComparer.OrdinalIgnoreCase)];
    }

    private Task<DialogResult> NotInPolicyAsync(DialogContext context, string action, CancellationToken cancellationToken) =>
        denials.RefuseAsync(context, action, "UnknownUser", $"{context.Event.DisplayName} is not in the access policy.",
            "an administrator adds you to inventory/policy.yaml with your chat identity", cancellationToken);
}
