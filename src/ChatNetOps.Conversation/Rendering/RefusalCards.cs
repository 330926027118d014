namespace ChatNetOps.Conversation.Rendering;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Requests;
using static ChatNetOps.Conversation.Rendering.CardData;

/// <summary>Why something was not done: denied and device-locked (data contracts: cards/README.md).</summary>
internal sealed class RefusalCards(CardTemplates templates)
{
    public OutboundMessage Denied(DenialView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var data = new JsonObject
        {
            ["reason"] = Cut(view.Reason, 1500),
            ["reasonCode"] = view.ReasonCode,
            ["correlationId"] = view.CorrelationId,
        };
        if (!view.OmitNeeded)
        {
            data["needed"] = Cut(view.Needed ?? "Nothing you can change here; ask an administrator.", 1000);
        }

        if (view.Runbook is not null)
        {
            data["runbook"] = Cut(view.Runbook, 80);
        }

        if (view.Device is not null)
        {
            data["device"] = Cut(view.Device, 80);
        }

        if (view.Incident is not null)
        {
            data["incidentId"] = Cut(view.Incident, 40);
        }

        var needed = view.OmitNeeded ? string.Empty : $" Needed: {Cut(view.Needed ?? "nothing you can change here", 1000)}";
        return templates.CardMessage(CardNames.Denied, data, $"Refused: {Cut(view.Reason, 1500)}{needed} (correlation id {view.CorrelationId})");
    }

    /// <summary>
    /// The refusal of a request because <paramref name="holder"/> locks the device: who holds it, for which request and
    /// where that request is (<paramref name="holderStatus"/>; null when it can no longer be found), and, when the
    /// refused requester holds the lock themselves (<paramref name="yours"/>), that it is their own request. A request
    /// still awaiting approval names who may approve it (<paramref name="approvers"/>): the lock is "awaiting approval by …".
    /// </summary>
    public OutboundMessage DeviceLocked(DeviceLock holder, string requestedRunbook, RequestStatus? holderStatus, bool yours, IReadOnlyList<string> approvers)
    {
        ArgumentNullException.ThrowIfNull(approvers);
        ArgumentNullException.ThrowIfNull(holder);
        var data = new JsonObject
        {
            ["device"] = holder.Device,
            ["requestedRunbook"] = requestedRunbook,
            ["yours"] = yours,
            ["lock"] = new JsonObject
            {
                ["operator"] = Person(holder.Owner),
                ["runbook"] = holder.Runbook,
                ["since"] = Formats.Time(holder.AcquiredAt),
                ["requestId"] = holder.RequestId,
                ["status"] = holderStatus is { } status ? Formats.Status(status) : "unknown",
            },
        };
        if (holder.Incident is not null)
        {
            data["lock"]!["incidentId"] = holder.Incident;
        }

        var awaiting = holderStatus == RequestStatus.AwaitingApproval && approvers.Count > 0;
        if (awaiting)
        {
            data["lock"]!["approvers"] = string.Join(" or ", approvers);
        }

        var state = holderStatus is { } known ? Formats.StatusPhrase(known) : "it has not released the lock yet";
        if (awaiting)
        {
            state += " by " + string.Join(" or ", approvers);
        }

        var text = yours
            ? $"{holder.Device} is locked by your own request {holder.RequestId} ({holder.Runbook}); {state}. {requestedRunbook} was not queued: "
                + (holderStatus == RequestStatus.Running ? "wait until it has finished." : $"cancel {holder.RequestId} first, or wait until it has finished.")
            : $"{holder.Device} is locked by {holder.Owner.DisplayName} ({holder.Runbook}, {holder.Incident ?? "no incident"}, since {Formats.Time(holder.AcquiredAt)}, request {holder.RequestId}); {state}. {requestedRunbook} was not queued.";
        text += $" 'notify {holder.RequestId}' tells you here when the lock is released.";
        return templates.CardMessage(CardNames.DeviceLocked, data, text);
    }
}
