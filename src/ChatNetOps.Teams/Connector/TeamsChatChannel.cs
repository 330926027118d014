namespace ChatNetOps.Teams.Connector;

using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Notifications;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using ChatNetOps.Teams.Activities;

/// <summary>
/// Teams for the result notifier: posts into the request's conversation (its thread when it has one) and updates the
/// request card in place with PUT, at the serviceUrl last seen in a validated activity from that conversation.
/// </summary>
internal sealed class TeamsChatChannel(ServiceUrlRegistry serviceUrls, TeamsMessenger messenger) : IChatChannel
{
    public ChatPlatform Platform => ChatPlatform.Teams;

    public async Task<string> SendAsync(ConversationRef conversation, OutboundMessage message, CancellationToken cancellationToken)
    {
        var id = await messenger.DeliverOneAsync(Target(conversation), message with { ReplaceMessageId = null }, cancellationToken, attach: false).ConfigureAwait(false);
        return id ?? throw new ConnectorException(System.Net.HttpStatusCode.OK, null, "The Connector accepted the message but returned no activity id.");
    }

    public async Task UpdateAsync(ConversationRef conversation, string messageId, OutboundMessage message, CancellationToken cancellationToken) =>
        await messenger.DeliverOneAsync(Target(conversation), message with { ReplaceMessageId = messageId }, cancellationToken, attach: false).ConfigureAwait(false);

    private TeamsTarget Target(ConversationRef conversation)
    {
        var replyId = TeamsConversation.ReplyIdOf(conversation);
        var serviceUrl = serviceUrls.Find(replyId) ?? serviceUrls.Find(conversation.ConversationId)
            ?? throw new InvalidOperationException($"No serviceUrl is known for Teams conversation {conversation.ConversationId}: the bot has not received a validated activity from it since it started. Mention the bot there once.");
        return new TeamsTarget(serviceUrl, replyId, conversation.ConversationId);
    }
}
