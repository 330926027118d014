namespace ChatNetOps.Alerts.LoadTest;

using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Notifications;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary>Chat as the cards see it during the storm: counts posts (new messages) and in-place updates per conversation.</summary>
internal sealed class CountingChannel(ChatPlatform platform) : IChatChannel
{
    private int _posts;
    private int _updates;

    public ChatPlatform Platform { get; } = platform;

    public int Posts => Volatile.Read(ref _posts);

    public int Updates => Volatile.Read(ref _updates);

    public Task<string> SendAsync(ConversationRef conversation, OutboundMessage message, CancellationToken cancellationToken) =>
        Task.FromResult("msg-" + Interlocked.Increment(ref _posts));

    public Task UpdateAsync(ConversationRef conversation, string messageId, OutboundMessage message, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _updates);
        return Task.CompletedTask;
    }
}
