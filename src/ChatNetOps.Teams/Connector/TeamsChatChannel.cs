namespace ChatNetOps.Teams.Connector;

using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Notifications;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using ChatNetOps.Teams.Activities;

/// <summary>
/// Teams for the result notifier: posts into the request's conversation (its thread when it has one) and updates the
/// request card in place with PUT, at the serviceUrl last seen in a validated activity from that conversation (kept in
/// the stores, so this works after a restart and from any replica).
/// </summary>
internal sealed class TeamsChatChannel(ServiceUrlRegistry serviceUrls, TeamsMessenger messenger) : IChatChannel
{
    public ChatPlatform Platform => ChatPlatform.Teams;

    public async Task<string> SendAsync(ConversationRef conversation, OutboundMessage message, CancellationToken cancellationToken)
    {
        var target = await TargetAsync(conversation, cancellationToken).ConfigureAwait(false);
        var id = await messenger.DeliverOneAsync(target, message with { ReplaceMessageId = null }, cancellationToken, attach: false).ConfigureAwait(false);
        return id ?? throw new ConnectorException(System.Net.HttpStatusCode.OK, null, "The Connector accepted the message but returned no activity id.");
    }

    public async Task UpdateAsync(ConversationRef conversation, string messageId, OutboundMessage message, CancellationToken cancellationToken)
    {
        var target = await TargetAsync(conversation, cancellationToken).ConfigureAwait(false);
        await messenger.DeliverOneAsync(target, message with { ReplaceMessageId = messageId }, cancellationToken, attach: false).ConfigureAwait(false);
    }

    private async Task<TeamsTarget> TargetAsync(ConversationRef conversation, CancellationToken cancellationToken)
    {
        var replyId = TeamsConversation.ReplyIdOf(conversation);
        var serviceUrl = await serviceUrls.FindAsync(replyId, cancellationToken).ConfigureAwait(false)
            ?? await serviceUrls.FindAsync(conversation.ConversationId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"No serviceUrl is known for Teams conversation {conversation.ConversationId}: the bot has never received a validated activity from it. Mention the bot there once.");
        return new TeamsTarget(serviceUrl, replyId, conversation.ConversationId);
    }
}
