namespace ChatNetOps.Core.Queues;

/// <summary>A message handed to a consumer, and a token that fires when the queue reports its lock lost (the message will be delivered again).</summary>
public sealed record QueueDelivery<TMessage>(QueueLease<TMessage> Lease, CancellationToken LockLost);
