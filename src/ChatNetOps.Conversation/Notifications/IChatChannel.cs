namespace ChatNetOps.Conversation.Notifications;

using ChatNetOps.Conversation.Messages;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary>
/// Posting to one chat platform, for messages nobody asked for in that moment (a run finished, an approval expired).
/// One implementation per platform: Teams (Connector REST), Slack (chat.postMessage / chat.update), the console.
/// </summary>
public interface IChatChannel
{
    ChatPlatform Platform { get; }

    /// <summary>Posts the message (in <see cref="ConversationRef.ThreadId"/> when set); returns the platform's message id.</summary>
    Task<string> SendAsync(ConversationRef conversation, OutboundMessage message, CancellationToken cancellationToken);

    /// <summary>Replaces an earlier message in place (Teams PUT activity, Slack chat.update).</summary>
    Task UpdateAsync(ConversationRef conversation, string messageId, OutboundMessage message, CancellationToken cancellationToken);
}
