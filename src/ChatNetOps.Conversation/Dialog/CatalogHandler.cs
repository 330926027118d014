namespace ChatNetOps.Conversation.Dialog;

using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Locks;

/// <summary><c>runbooks</c>, <c>devices [group]</c> and <c>locks</c>: what this user may use here, and what is locked.</summary>
internal sealed class CatalogHandler(Visibility visibility, IDeviceLockStore locks, DenialRecorder denials, CatalogCards cards, TimeProvider time)
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
        return DialogResult.Of(held.Count == 0 ? OutboundMessage.Plain("No device is locked.") : cards.LockList(held));
    }

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
