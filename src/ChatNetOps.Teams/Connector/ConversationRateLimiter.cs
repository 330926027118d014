namespace ChatNetOps.Teams.Connector;

using System.Collections.Concurrent;

/// <summary>
/// Keeps sends to one conversation within Teams' per-bot-per-thread limits (7 per second, 8 per 2 s, 60 per 30 s,
/// 1800 per hour) by waiting for a free slot, so the Connector seldom has to answer 429.
/// </summary>
internal sealed class ConversationRateLimiter(TimeProvider time)
{
    private static readonly (TimeSpan Window, int Limit)[] Windows =
    [
        (TimeSpan.FromSeconds(1), 7),
        (TimeSpan.FromSeconds(2), 8),
        (TimeSpan.FromSeconds(30), 60),
        (TimeSpan.FromHours(1), 1800),
    ];

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _sent = new(StringComparer.Ordinal);

    public async Task WaitAsync(string conversationId, CancellationToken cancellationToken)
    {
        var history = _sent.GetOrAdd(conversationId, _ => new Queue<DateTimeOffset>());
        while (true)
        {
            TimeSpan wait;
            lock (history)
            {
                var now = time.GetUtcNow();
                while (history.Count > 0 && now - history.Peek() >= Windows[^1].Window)
                {
                    history.Dequeue();
                }

                wait = WaitFor(history, now);
                if (wait <= TimeSpan.Zero)
                {
                    history.Enqueue(now);
                    return;
                }
            }

            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>How long until every window has room for one more send.</summary>
    internal static TimeSpan WaitFor(Queue<DateTimeOffset> history, DateTimeOffset now)
    {
        var wait = TimeSpan.Zero;
        foreach (var (window, limit) in Windows)
        {
            var inWindow = history.Where(t => now - t < window).ToArray();
            if (inWindow.Length >= limit)
            {
                // The oldest send that must leave the window before there is room.
                var leaving = inWindow[inWindow.Length - limit];
                var until = leaving + window - now;
                if (until > wait)
                {
                    wait = until;
                }
            }
        }

        return wait;
    }
}
