namespace ChatNetOps.Teams.Activities;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Dialog;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Teams.Connector;
using Microsoft.Extensions.Logging;

/// <summary>
/// Delivers dialog messages to a Teams conversation: posts new ones (and attaches an attachable request card's message id to the
/// request), PUTs the ones that replace a message, and turns the approvers' AAD ids (<see cref="OutboundMessage.ApproverIds"/>)
/// into MRIs in the card's <c>refresh.userIds</c> and @mentions.
/// </summary>
internal sealed partial class TeamsMessenger(IConnectorClient connector, TeamsMemberDirectory members, DialogService dialog, ILogger<TeamsMessenger> logger)
{
    public async Task DeliverAsync(TeamsTarget target, IEnumerable<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            try
            {
                await DeliverOneAsync(target, message, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ConnectorException or HttpRequestException)
            {
                Log.DeliveryFailed(logger, target.Key, message.CardName ?? "text", ex);
            }
        }
    }

    /// <summary>Posts or updates one message; returns the Teams activity id.</summary>
    public async Task<string?> DeliverOneAsync(TeamsTarget target, OutboundMessage message, CancellationToken cancellationToken, bool attach = true)
    {
        var card = await PrepareCardAsync(message, target, cancellationToken).ConfigureAwait(false);
        var activity = OutboundActivities.ToActivity(message, card);
        if (message.ReplaceMessageId is { } replace)
        {
            await connector.UpdateAsync(target.ServiceUrl, target.ReplyId, replace, activity, cancellationToken).ConfigureAwait(false);
            return replace;
        }

        var sent = await connector.SendAsync(target.ServiceUrl, target.ReplyId, activity, cancellationToken).ConfigureAwait(false);
        if (attach && sent.Id is { } id && message.RequestId is { } requestId && message.Attachable && !message.Ephemeral)
        {
            await dialog.AttachMessageAsync(requestId, id, null, cancellationToken).ConfigureAwait(false);
        }

        return sent.Id;
    }

    /// <summary>
    /// A copy of the message's card for Teams: the message's approvers (<see cref="OutboundMessage.ApproverIds"/>, AAD
    /// object ids) as MRIs in <c>refresh.userIds</c> (Teams matches MRIs), and @mentioned in the card so Teams notifies
    /// them (desktop and mobile). Ids that resolve to no MRI are left out: those approvers see the card everyone sees
    /// (which has the decision buttons; the decision is enforced server-side) and can use the card's Refresh menu item.
    /// </summary>
    public async Task<JsonObject?> PrepareCardAsync(OutboundMessage message, TeamsTarget target, CancellationToken cancellationToken)
    {
        if (message.Card is null)
        {
            return null;
        }

        var copy = (JsonObject)message.Card.DeepClone();
        if (message.ApproverIds.Count == 0)
        {
            return copy;
        }

        var approvers = new List<TeamsUser>();
        foreach (var id in message.ApproverIds)
        {
            var user = await members.FindUserAsync(target.ServiceUrl, target.ReplyId, id, cancellationToken).ConfigureAwait(false);
            if (user is null)
            {
                Log.RefreshIdUnresolved(logger, id, target.Key);
            }
            else if (!approvers.Any(a => string.Equals(a.Mri, user.Mri, StringComparison.Ordinal)))
            {
                approvers.Add(user);
            }
        }

        if (copy["refresh"] is JsonObject refresh)
        {
            refresh["userIds"] = new JsonArray([.. approvers.Select(a => (JsonNode?)JsonValue.Create(a.Mri))]);
        }

        TeamsMentions.AddApprovers(copy, approvers);
        return copy;
    }
}
