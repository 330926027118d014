namespace ChatNetOps.ServiceBusBroker;

/// <summary>
/// The entity properties a queue is created with, named as Service Bus names them
/// (learn.microsoft.com/rest/api/servicebus/create-queue, QueueDescription; defaults as the portal creates a queue).
/// </summary>
public sealed record QueueSettings
{
    /// <summary>How long a peek-lock lasts; the receiver cannot choose it (QueueDescription LockDuration, default 1 min).</summary>
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Deliveries after which an abandoned or lock-expired message is dead-lettered (MaxDeliveryCount, default 10).</summary>
    public int MaxDeliveryCount { get; init; } = 10;

    /// <summary>Same-MessageId sends within this window are dropped; null turns duplicate detection off (RequiresDuplicateDetection).</summary>
    public TimeSpan? DuplicateDetectionWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>TTL of a message that sets none (DefaultMessageTimeToLive).</summary>
    public TimeSpan DefaultTimeToLive { get; init; } = TimeSpan.FromDays(14);

    /// <summary>Expired messages go to the dead-letter queue instead of being dropped (DeadLetteringOnMessageExpiration).</summary>
    public bool DeadLetteringOnExpiration { get; init; } = true;

    /// <summary>The queue's clock: enqueue times, locks, TTL, schedules and the duplicate window. Tests pass a FakeTimeProvider.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
