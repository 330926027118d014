namespace ChatNetOps.Core.Queues;

/// <summary>
/// A peek-lock queue: a received message is hidden until its lock expires, then delivered again with a higher
/// delivery count. Enqueuing a message whose id is already queued is a no-op (duplicate detection).
/// </summary>
public interface IMessageQueue<TMessage>
{
    Task EnqueueAsync(TMessage message, CancellationToken cancellationToken);

    /// <summary>Waits up to <paramref name="wait"/> for a message; null when none arrived.</summary>
    Task<QueueLease<TMessage>?> ReceiveAsync(TimeSpan lockDuration, TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>Removes the message; false when the lock was lost (another receiver may have it).</summary>
    Task<bool> CompleteAsync(QueueLease<TMessage> lease, CancellationToken cancellationToken);

    /// <summary>Releases the lock so the message is delivered again.</summary>
    Task AbandonAsync(QueueLease<TMessage> lease, CancellationToken cancellationToken);

    /// <summary>Extends the lock; null when it was lost.</summary>
    Task<QueueLease<TMessage>?> RenewAsync(QueueLease<TMessage> lease, TimeSpan lockDuration, CancellationToken cancellationToken);

    /// <summary>Messages that exceeded the maximum delivery count.</summary>
    Task<IReadOnlyList<DeadLetter<TMessage>>> ReadDeadLettersAsync(int max, CancellationToken cancellationToken);
}
