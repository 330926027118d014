namespace ChatNetOps.Core.Health;

using System.Collections.Concurrent;
using System.Globalization;
using ChatNetOps.Core.Queues;

/// <summary>
/// Whether the queue consumers of this process (the job worker, the result notifier) can receive. A consumer whose
/// receives have failed <see cref="FailuresBeforeUnready"/> times in a row is reported by
/// <see cref="QueueConsumerReadinessProbe"/> (/readyz) until a receive succeeds again: a queue that cannot be read means
/// approved work never runs, however healthy the rest looks.
/// </summary>
public sealed class QueueConsumerHealth(TimeProvider time)
{
    /// <summary>Consecutive failed receives after which a consumer is reported (about 3 s at the consumers' 1 s retry).</summary>
    public const int FailuresBeforeUnready = 3;

    private const int MaxReasonLength = 200;

    private readonly ConcurrentDictionary<string, Failing> _failing = new(StringComparer.Ordinal);

    /// <summary>A receive answered (with a message or none). True when <paramref name="consumer"/> was reported failing until now.</summary>
    public bool ReceiveSucceeded(string consumer) =>
        _failing.TryRemove(consumer, out var failing) && failing.Count >= FailuresBeforeUnready;

    /// <summary>A receive threw. True when this failure is the one that makes <paramref name="consumer"/> reported failing.</summary>
    public bool ReceiveFailed(string consumer, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var reason = Reason(error);
        var now = time.GetUtcNow();
        var updated = _failing.AddOrUpdate(
            consumer,
            _ => new Failing(1, now, reason),
            (_, previous) => previous with { Count = previous.Count + 1, LastReason = reason });
        return updated.Count == FailuresBeforeUnready;
    }

    /// <summary>One line per consumer that keeps failing, e.g. "the job queue consumer: 12 receives in a row failed since ..."; empty when none.</summary>
    public IReadOnlyList<string> Problems() =>
        [.. _failing
            .Where(f => f.Value.Count >= FailuresBeforeUnready)
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => string.Create(
                CultureInfo.InvariantCulture,
                $"the {f.Key} consumer: {f.Value.Count} receives in a row failed since {f.Value.Since:yyyy-MM-ddTHH:mm:ssZ}, last: {f.Value.LastReason}"))];

    /// <summary>
    /// The observer a consumer hands to <see cref="IMessageQueue{TMessage}.ConsumeAsync"/>: it reports
    /// <paramref name="consumer"/>'s receives here and calls <paramref name="becameUnready"/> once when it starts being
    /// reported and <paramref name="recovered"/> once when it stops.
    /// </summary>
    public IQueueReceiveObserver Observe(string consumer, Action? becameUnready = null, Action? recovered = null) =>
        new Observer(this, consumer, becameUnready, recovered);

    private static string Reason(Exception error)
    {
        var text = $"{error.GetType().Name}: {error.Message}".ReplaceLineEndings(" ");
        return text.Length <= MaxReasonLength ? text : text[..MaxReasonLength] + "...";
    }

    private sealed class Observer(QueueConsumerHealth health, string consumer, Action? becameUnready, Action? recovered) : IQueueReceiveObserver
    {
        public void Received()
        {
            if (health.ReceiveSucceeded(consumer))
            {
                recovered?.Invoke();
            }
        }

        public void ReceiveFailed(Exception error)
        {
            if (health.ReceiveFailed(consumer, error))
            {
                becameUnready?.Invoke();
            }
        }
    }

    private sealed record Failing(int Count, DateTimeOffset Since, string LastReason);
}
