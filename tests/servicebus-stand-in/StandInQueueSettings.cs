namespace ChatNetOps.ServiceBusStandIn;

/// <summary>The entity properties of one queue, as Service Bus names them (Create Queue REST / ARM: lockDuration, maxDeliveryCount, ...).</summary>
public sealed record StandInQueueSettings
{
    /// <summary>Service Bus default PT1M; infra uses PT1M.</summary>
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Service Bus default 10.</summary>
    public int MaxDeliveryCount { get; init; } = 10;

    /// <summary>Service Bus default PT10M when requiresDuplicateDetection is on (infra turns it on).</summary>
    public TimeSpan DuplicateDetectionWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>deadLetteringOnMessageExpiration (default false: expired messages are dropped).</summary>
    public bool DeadLetteringOnMessageExpiration { get; init; }

    /// <summary>defaultMessageTimeToLive (Service Bus default: effectively unlimited).</summary>
    public TimeSpan DefaultMessageTimeToLive { get; init; } = TimeSpan.FromDays(3650);

    /// <summary>The queue's clock: tests pass a FakeTimeProvider so lock expiry and long polls follow the test's time.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
