namespace ChatNetOps.Core.Queues;

/// <summary>
/// A peek-lock queue: a received message is hidden until its lock expires, then delivered again with a higher
/// delivery count. Enqueuing a message whose id is already queued is a no-op (duplicate detection). A message
/// delivered too often, past its expiry, or dead-lettered by its consumer moves to the dead-letter queue, where it
/// can be read and requeued.
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

    /// <summary>Moves the message to the dead-letter queue with a reason and a description; false when the lock was lost.</summary>
    Task<bool> DeadLetterAsync(QueueLease<TMessage> lease, string reason, string description, CancellationToken cancellationToken);

    /// <summary>Extends the lock; null when it was lost.</summary>
    Task<QueueLease<TMessage>?> RenewAsync(QueueLease<TMessage> lease, TimeSpan lockDuration, CancellationToken cancellationToken);

    /// <summary>Dead-lettered messages, oldest first, without removing them.</summary>
    Task<IReadOnlyList<DeadLetter<TMessage>>> ReadDeadLettersAsync(int max, CancellationToken cancellationToken);

    /// <summary>Puts the dead-lettered message with this id back on the queue (delivery count reset); false when there is none.</summary>
    Task<bool> RequeueDeadLetterAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Hands messages to <paramref name="handler"/> until <paramref name="cancellationToken"/> is cancelled, up to
    /// <see cref="QueueConsumerOptions.MaxConcurrent"/> at once, and settles each as the handler decides. A handler that
    /// throws has its message abandoned; one cancelled by shutdown leaves it locked (it comes back when the lock expires).
    /// </summary>
    Task ConsumeAsync(Func<QueueDelivery<TMessage>, CancellationToken, Task<QueueSettlement>> handler, QueueConsumerOptions options, CancellationToken cancellationToken);
}
