namespace ChatNetOps.Core.Queues;

/// <summary>How <see cref="IMessageQueue{TMessage}.ConsumeAsync"/> consumes.</summary>
/// <param name="MaxConcurrent">Messages handled at once.</param>
/// <param name="LockDuration">Lock asked for on a polling queue (a broker may impose its own).</param>
/// <param name="ReceiveWait">How long one poll of a polling queue waits for a message.</param>
/// <param name="MaxLockRenewal">How long a broker that renews locks itself keeps renewing one message's lock.</param>
public sealed record QueueConsumerOptions(int MaxConcurrent, TimeSpan LockDuration, TimeSpan ReceiveWait, TimeSpan MaxLockRenewal)
{
    /// <summary>Told of every receive that answered or failed (readiness); none when nobody watches.</summary>
    public IQueueReceiveObserver? Observer { get; init; }
}
