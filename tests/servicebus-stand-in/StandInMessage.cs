namespace ChatNetOps.ServiceBusStandIn;

/// <summary>One brokered message: body, broker properties, custom properties and its lock state.</summary>
public sealed class StandInMessage
{
    public required long SequenceNumber { get; init; }

    public required string MessageId { get; init; }

    public required byte[] Body { get; init; }

    public string? ContentType { get; init; }

    public string? CorrelationId { get; init; }

    public string? Label { get; init; }

    public required DateTimeOffset EnqueuedTime { get; set; }

    public DateTimeOffset VisibleFrom { get; set; }

    public DateTimeOffset ExpiresAt { get; init; }

    public TimeSpan TimeToLive { get; init; }

    public Dictionary<string, string> CustomProperties { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public int DeliveryCount { get; set; }

    public Guid? LockToken { get; set; }

    public DateTimeOffset LockedUntil { get; set; }
}
