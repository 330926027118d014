namespace ChatNetOps.Slack.WebApi;

using System.Collections.Concurrent;

/// <summary>
/// Spaces calls per method (and per channel for chat.postMessage) to the method's tier, and holds a method back
/// for Slack's Retry-After after a 429. All waits go through <see cref="TimeProvider"/>.
/// </summary>
internal sealed class SlackRateLimiter(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>Waits until a call of <paramref name="method"/> (scoped by <paramref name="scope"/>, e.g. a channel) is within its tier.</summary>
    /// <returns>How long the call was held back.</returns>
    public async Task<TimeSpan> WaitAsync(string method, string? scope, CancellationToken cancellationToken)
    {
        var tier = RateTier.For(method);
        if (tier.Window == TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var window = _windows.GetOrAdd(scope is null ? method : method + "|" + scope, _ => new Window(tier));
        var waited = TimeSpan.Zero;
        while (true)
        {
            var delay = window.TryTake(time.GetUtcNow());
            if (delay <= TimeSpan.Zero)
            {
                return waited;
            }

            waited += delay;
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Slack answered 429: nobody calls this method (scope) again before <paramref name="retryAfter"/> has passed.</summary>
    public void Pause(string method, string? scope, TimeSpan retryAfter)
    {
        var window = _windows.GetOrAdd(scope is null ? method : method + "|" + scope, _ => new Window(RateTier.For(method)));
        window.PauseUntil(time.GetUtcNow() + retryAfter);
    }

    private sealed class Window(RateTier tier)
    {
        private readonly Queue<DateTimeOffset> _calls = new();
        private readonly Lock _gate = new();
        private DateTimeOffset _pausedUntil;

        /// <summary>Takes a slot now (returns zero) or says how long to wait before trying again.</summary>
        public TimeSpan TryTake(DateTimeOffset now)
        {
            lock (_gate)
            {
                if (now < _pausedUntil)
                {
                    return _pausedUntil - now;
                }

                while (_calls.Count > 0 && now - _calls.Peek() >= tier.Window)
                {
                    _calls.Dequeue();
                }

                if (_calls.Count < tier.Calls)
                {
                    _calls.Enqueue(now);
                    return TimeSpan.Zero;
                }

                return _calls.Peek() + tier.Window - now;
            }
        }

        public void PauseUntil(DateTimeOffset until)
        {
            lock (_gate)
            {
                if (until > _pausedUntil)
                {
                    _pausedUntil = until;
                }
            }
        }
    }
}
