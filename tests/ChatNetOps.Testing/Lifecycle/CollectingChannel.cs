namespace ChatNetOps.Testing.Lifecycle;

using System.Collections.Concurrent;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Notifications;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary>A chat channel that remembers what it was asked to post and update.</summary>
public sealed class CollectingChannel(ChatPlatform platform) : IChatChannel
{
    private int _next;

    public ChatPlatform Platform { get; } = platform;

    public ConcurrentQueue<(string MessageId, OutboundMessage Message, bool Update)> Posts { get; } = new();

    public Task<string> SendAsync(ConversationRef conversation, OutboundMessage message, CancellationToken cancellationToken)
    {
        var id = "msg-" + Interlocked.Increment(ref _next);
        Posts.Enqueue((id, message, false));
        return Task.FromResult(id);
    }

    public Task UpdateAsync(ConversationRef conversation, string messageId, OutboundMessage message, CancellationToken cancellationToken)
    {
        Posts.Enqueue((messageId, message, true));
        return Task.CompletedTask;
    }
}
