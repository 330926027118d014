namespace ChatNetOps.Slack.WebApi;

using System.Collections.Concurrent;
using ChatNetOps.Slack.Processing;

/// <summary>
/// Spaces calls per method (and per channel for chat.postMessage) to the method's tier, and holds a method back for
/// Slack's Retry-After after a 429. Each call reserves the next free moment of its window, first come first served, and
/// waits for it through <see cref="WorkerSlots.PaceAsync"/>: work of the Slack processor gives its processing slot back
/// while it waits, so a paced channel never holds up another. All waits go through <see cref="TimeProvider"/>.
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

        var window = WindowOf(method, scope, tier);
        var waited = TimeSpan.Zero;
        while (true)
        {
            var now = time.GetUtcNow();
            var at = window.Reserve(now);
            if (at <= now)
            {
                return waited;
            }

            waited += at - now;
            await WorkerSlots.PaceAsync(at - now, time, cancellationToken).ConfigureAwait(false);
            if (!window.IsPaused(time.GetUtcNow()))
            {
                return waited;
            }

            // A 429 arrived while this call waited: it waits out the pause too (its reservation stays counted).
        }
    }

    /// <summary>How long a call of <paramref name="method"/> (in <paramref name="scope"/>) made now would wait; zero when it could go at once.</summary>
    public TimeSpan Backlog(string method, string? scope)
    {
        var tier = RateTier.For(method);
        if (tier.Window == TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var now = time.GetUtcNow();
        var at = WindowOf(method, scope, tier).Peek(now);
        return at > now ? at - now : TimeSpan.Zero;
    }

    /// <summary>Slack answered 429: nobody calls this method (scope) again before <paramref name="retryAfter"/> has passed.</summary>
    public void Pause(string method, string? scope, TimeSpan retryAfter) =>
        WindowOf(method, scope, RateTier.For(method)).PauseUntil(time.GetUtcNow() + retryAfter);

    private Window WindowOf(string method, string? scope, RateTier tier) =>
        _windows.GetOrAdd(scope is null ? method : method + "|" + scope, _ => new Window(tier));

    /// <summary>
    /// The calls made or reserved in the tier's window, in time order: a new call goes at the first moment when fewer
    /// than <see cref="RateTier.Calls"/> of them fall in the <see cref="RateTier.Window"/> before it, and not before a pause ends.
    /// </summary>
    private sealed class Window(RateTier tier)
    {
        private readonly List<DateTimeOffset> _calls = [];
        private readonly Lock _gate = new();
        private DateTimeOffset _pausedUntil;

        /// <summary>Reserves the earliest moment a call may go (now, or later) and returns it.</summary>
        public DateTimeOffset Reserve(DateTimeOffset now)
        {
            lock (_gate)
            {
                var at = Next(now);
                var index = _calls.BinarySearch(at);
                _calls.Insert(index < 0 ? ~index : index, at);
                return at;
            }
        }

        /// <summary>The earliest moment a call could go, without reserving it.</summary>
        public DateTimeOffset Peek(DateTimeOffset now)
        {
            lock (_gate)
            {
                return Next(now);
            }
        }

        public bool IsPaused(DateTimeOffset now)
        {
            lock (_gate)
            {
                return now < _pausedUntil;
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

        private DateTimeOffset Next(DateTimeOffset now)
        {
            // Calls a full window ago can no longer crowd any call from now on.
            var stale = 0;
            while (stale < _calls.Count && now - _calls[stale] >= tier.Window)
            {
                stale++;
            }

            _calls.RemoveRange(0, stale);
            var at = now < _pausedUntil ? _pausedUntil : now;
            if (_calls.Count >= tier.Calls)
            {
                // The window before a call at the end may hold Calls - 1 others: the Calls-th latest must have left it.
                var free = _calls[^tier.Calls] + tier.Window;
                if (free > at)
                {
                    at = free;
                }
            }

            return at;
        }
    }
}
