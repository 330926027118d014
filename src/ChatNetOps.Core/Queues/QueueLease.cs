namespace ChatNetOps.Core.Queues;

/// <summary>A peek-locked message: complete it when done, abandon it to make it visible again.</summary>
public sealed record QueueLease<TMessage>(TMessage Message, string LockToken, int DeliveryCount, DateTimeOffset LockedUntil);
