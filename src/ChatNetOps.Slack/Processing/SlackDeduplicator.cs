namespace ChatNetOps.Slack.Processing;

using System.Collections.Concurrent;

/// <summary>
/// Remembers what was already accepted (Events API event_id, an interaction's action_ts, a view's id+hash) for a
/// while, so Slack's retries and repeated payloads are processed once. Per process: a retry landing on another
/// replica is caught by the request service's own idempotency (decisions are conditional writes).
/// </summary>
internal sealed class SlackDeduplicator(TimeProvider time)
{
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(15);
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private long _sweepAt;

    /// <summary>True the first time a key is seen within <see cref="Retention"/>.</summary>
    public bool TryBegin(string key)
    {
        var now = time.GetUtcNow();
        Sweep(now);
        if (_seen.TryAdd(key, now))
        {
            return true;
        }

        if (_seen.TryGetValue(key, out var at) && now - at > Retention)
        {
            return _seen.TryUpdate(key, now, at);
        }

        return false;
    }

    private void Sweep(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _sweepAt);
        if (now.UtcTicks < due && _seen.Count < Capacity)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _sweepAt, now.UtcTicks + TimeSpan.FromMinutes(1).Ticks, due) != due)
        {
            return;
        }

        foreach (var (key, at) in _seen)
        {
            if (now - at > Retention)
            {
                _seen.TryRemove(key, out _);
            }
        }

        if (_seen.Count >= Capacity)
        {
            foreach (var key in _seen.OrderBy(p => p.Value).Take(_seen.Count - (Capacity / 2)).Select(p => p.Key).ToList())
            {
                _seen.TryRemove(key, out _);
            }
        }
    }
}
