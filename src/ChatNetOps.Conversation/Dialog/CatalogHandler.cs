namespace ChatNetOps.Conversation.Dialog;

using System.Text;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Locks;

/// <summary><c>runbooks</c>, <c>devices [group]</c> and <c>locks</c>: what this user may use here, and what is locked.</summary>
internal sealed class CatalogHandler(Visibility visibility, IDeviceLockStore locks, DenialRecorder denials, CardBuilder cards, TimeProvider time)
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

        var capped = CardLimits.Cap(devices, CardLimits.ListedItems * 5);
        var text = new StringBuilder(group is null ? $"Devices you may target here ({devices.Length}):\n" : $"Devices in {group} you may target here ({devices.Length}):\n");
        foreach (var d in capped.Items)
        {
            text.Append("- ").Append(d.Name).Append(" (").Append(d.Platform.ToName()).Append(", ").Append(string.Join("/", d.Groups)).Append(", ").Append(d.Site).Append(")\n");
        }

        if (capped.MoreNote is { } more)
        {
            text.Append('…').Append(more).Append(" not listed; narrow with devices <group>.\n");
        }

        return DialogResult.Of(OutboundMessage.Plain(text.ToString().TrimEnd('\n')));
    }

    public async Task<DialogResult> LocksAsync(DialogContext context, CancellationToken cancellationToken)
    {
        if (context.Member is null)
        {
            return await NotInPolicyAsync(context, "locks", cancellationToken);
        }

        var now = time.GetUtcNow();
        var held = (await locks.ListAsync(cancellationToken)).Where(l => !l.IsExpired(now)).OrderBy(l => l.Device, StringComparer.OrdinalIgnoreCase).ToArray();
        if (held.Length == 0)
        {
            return DialogResult.Of(OutboundMessage.Plain("No device is locked."));
        }

        var capped = CardLimits.Cap(held, CardLimits.ListedItems * 5);
        var text = new StringBuilder($"Locked devices ({held.Length}):\n");
        foreach (var l in capped.Items)
        {
            text.Append("- ").Append(l.Device).Append(": ").Append(l.Runbook).Append(" by ").Append(l.Owner.DisplayName)
                .Append(l.Incident is null ? string.Empty : $" for {l.Incident}")
                .Append(" since ").Append(Formats.Time(l.AcquiredAt)).Append(", request ").Append(l.RequestId).Append('\n');
        }

        if (capped.MoreNote is { } more)
        {
            text.Append('…').Append(more).Append(" not listed.\n");
        }

        return DialogResult.Of(OutboundMessage.Plain(text.ToString().TrimEnd('\n')));
    }

    private Task<DialogResult> NotInPolicyAsync(DialogContext context, string action, CancellationToken cancellationToken) =>
        denials.RefuseAsync(context, action, "UnknownUser", $"{context.Event.DisplayName} is not in the access policy.",
            "an administrator adds you to inventory/policy.yaml with your chat identity", cancellationToken);
}
