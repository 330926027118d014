namespace ChatNetOps.Slack.Processing;

using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Notifications;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using ChatNetOps.Slack.BlockKit;
using ChatNetOps.Slack.WebApi;
using Microsoft.Extensions.Logging;

/// <summary>
/// Unprompted messages to Slack (a run finished, an approval expired, the weekly report digest): chat.postMessage and
/// chat.update. A message's file (the digest's html report) is shared after it; when Slack refuses the file, a note
/// under the message says so (nobody asked, so nobody else would be told) and the message still counts as sent.
/// </summary>
internal sealed class SlackChatChannel(IChatApi chat, SlackResponder responder, ILogger<SlackChatChannel> logger) : IChatChannel
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
            // The message is out; the file that should follow it is not. Sending the message again would repeat it.
            Log.FileShareFailed(logger, file.Name, conversation.ConversationId, error);
            var note = await chat.PostMessageAsync(conversation.ConversationId, BlockKitRenderer.RenderText(SlackResponder.FileNotAttachedText(file.Name, error)), conversation.ThreadId, cancellationToken);
            if (!note.IsOk)
            {
                Log.DeliveryFailed(logger, conversation.ConversationId, note.Error!);
            }
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
