namespace ChatNetOps.Azure.ServiceBus;

/// <summary>
/// The <c>BrokerProperties</c> header of the Service Bus REST API (learn.microsoft.com/rest/api/servicebus/message-headers-and-properties).
/// Times are RFC 1123 strings, <see cref="TimeToLive"/> is seconds.
/// </summary>
internal sealed record BrokerProperties
{
    public string? MessageId { get; init; }

    public string? CorrelationId { get; init; }

    public string? Label { get; init; }

    public double? TimeToLive { get; init; }

    public string? ScheduledEnqueueTimeUtc { get; init; }

    public string? LockToken { get; init; }

    public long? SequenceNumber { get; init; }

    public int? DeliveryCount { get; init; }

    public string? LockedUntilUtc { get; init; }

    public string? EnqueuedTimeUtc { get; init; }

    public string? State { get; init; }
}
