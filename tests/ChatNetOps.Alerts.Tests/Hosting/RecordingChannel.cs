namespace ChatNetOps.Alerts.Tests.Hosting;

using System.Collections.Concurrent;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Notifications;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary>A chat channel that remembers every post and update, and lets a test wait for one (no sleeps).</summary>
public sealed class RecordingChannel(ChatPlatform platform) : IChatChannel
{
    private readonly SemaphoreSlim _changed = new(0);
    private int _next;
    private int _attempts;

    public ChatPlatform Platform { get; } = platform;

    public ConcurrentQueue<Sent> Messages { get; } = new();

    /// <summary>When set, every send and update throws it (the platform is down).</summary>
    public Exception? Failure { get; set; }

    /// <summary>When set, a new post waits for it first (a slow platform: the test holds a post in flight).</summary>
    public Func<Task>? BeforePost { get; set; }

    /// <summary>Every send and update asked of this channel, failed or not.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public IReadOnlyList<Sent> Posts => [.. Messages.Where(m => !m.Update)];

    public IReadOnlyList<Sent> Updates => [.. Messages.Where(m => m.Update)];

    public async Task<string> SendAsync(ConversationRef conversation, OutboundMessage message, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        if (BeforePost is { } before)
        {
            await before();
        }

        if (Failure is { } failure)
        {
            throw failure;
        }

        var id = "msg-" + Interlocked.Increment(ref _next);
        Record(new Sent(conversation, id, message, false));
        return id;
    }

    public Task UpdateAsync(ConversationRef conversation, string messageId, OutboundMessage message, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        if (Failure is { } failure)
        {
            throw failure;
        }

        Record(new Sent(conversation, messageId, message, true));
        return Task.CompletedTask;
    }

    /// <summary>Waits until a message matching <paramref name="match"/> was sent; fails after <paramref name="patience"/>.</summary>
    public async Task<Sent> WaitForAsync(Func<Sent, bool> match, TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        while (true)
        {
            if (Messages.LastOrDefault(match) is { } found)
            {
                return found;
            }

            try
            {
                await _changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"No matching message within {patience}; sent: {string.Join(" | ", Messages.Select(m => (m.Update ? "update " : "post ") + m.Message.Text))}");
            }
        }
    }

    private void Record(Sent sent)
    {
        Messages.Enqueue(sent);
        _changed.Release();
    }

    public sealed record Sent(ConversationRef Conversation, string MessageId, OutboundMessage Message, bool Update);
}
