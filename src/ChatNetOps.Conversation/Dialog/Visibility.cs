namespace ChatNetOps.Conversation.Dialog;

using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;

/// <summary>What a member may see and use in a conversation: the same grants the submit and decision services enforce.</summary>
internal sealed class Visibility(InventoryCatalog catalog)
{
    public IEnumerable<Runbook> RunnableHere(Member member, ChannelContext channel) =>
        catalog.Runbooks
            .Where(r => catalog.Policy.IsGrantedAnywhere(member, GrantAction.Run, r, channel.Kind) && r.Channel.IsSatisfiedBy(channel.Kind))
            .OrderBy(r => r.IsStateChanging)
            .ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase);

    public bool MayApproveHere(Member member, ChannelContext channel) =>
        catalog.Runbooks.Any(r => r.IsStateChanging && catalog.Policy.IsGrantedAnywhere(member, GrantAction.Approve, r, channel.Kind));

    /// <summary>Devices the member may target with this runbook from this conversation (the form's choices).</summary>
    public IReadOnlyList<Device> Targetable(Member member, Runbook runbook, ChannelContext channel) =>
        catalog.Devices
            .Where(d => runbook.Targets(d) && catalog.Policy.IsGranted(member, GrantAction.Run, runbook, d, channel.Kind))
            .OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase)
            .ToArray();

    /// <summary>Devices the member may target with any runbook runnable here.</summary>
    public IReadOnlyList<Device> TargetableAny(Member member, ChannelContext channel)
    {
        var runbooks = RunnableHere(member, channel).ToArray();
        return catalog.Devices
            .Where(d => runbooks.Any(r => r.Targets(d) && catalog.Policy.IsGranted(member, GrantAction.Run, r, d, channel.Kind)))
            .OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase)
            .ToArray();
    }

    /// <summary>Who could approve a pending request (state-changing requests come from incident or change-window conversations).</summary>
    public IReadOnlyList<Member> ApproversOf(Core.Requests.RunRequest request)
    {
        var runbook = catalog.FindRunbook(request.Runbook);
        var device = request.Targets.Count == 1 ? catalog.FindDevice(request.Targets[0]) : null;
        if (runbook is null || device is null)
        {
            return [];
        }

        var requester = request.Requester.MemberId ?? string.Empty;
        return [.. new[] { ChannelKind.Incident, ChannelKind.ChangeWindow }
            .SelectMany(k => catalog.Policy.ApproversFor(runbook, device, k, requester))
            .DistinctBy(m => m.Id, StringComparer.OrdinalIgnoreCase)];
    }
}
