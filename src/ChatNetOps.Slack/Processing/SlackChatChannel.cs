namespace ChatNetOps.Slack.Processing;

using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Notifications;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using ChatNetOps.Slack.WebApi;

/// <summary>Unprompted messages to Slack (a run finished, an approval expired): chat.postMessage and chat.update.</summary>
internal sealed class SlackChatChannel(IChatApi chat, SlackResponder responder) : IChatChannel
{
    public ChatPlatform Platform => ChatPlatform.Slack;

    public async Task<string> SendAsync(ConversationRef conversation, OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var rendering = await responder.RenderAsync(message, cancellationToken);
        var posted = await chat.PostMessageAsync(conversation.ConversationId, rendering.Message, conversation.ThreadId, cancellationToken);
        var ts = posted.IsOk && posted.Value!.Ts is { } postedTs ? postedTs : throw new SlackApiException(posted.Method, posted.Error ?? "missing_ts");
        if (message.File is { } file && await responder.ShareFileAsync(conversation.ConversationId, conversation.ThreadId, file, cancellationToken) is { } error)
        {
            // The message is out; the file that should follow it is not.
            throw new SlackApiException(SlackMethods.FilesCompleteUploadExternal, error);
        }

        return ts;
    }

    public async Task UpdateAsync(ConversationRef conversation, string messageId, OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var rendering = await responder.RenderAsync(message, cancellationToken);
        var updated = await chat.UpdateAsync(conversation.ConversationId, messageId, rendering.Message, cancellationToken);
        if (!updated.IsOk)
        {
            throw new SlackApiException(updated.Method, updated.Error!);
        }
    }
}
