namespace ChatNetOps.Core.ChangeRecords;

using System.Text.Json.Serialization;
using ChatNetOps.Core.Audit;

/// <summary>
/// One incident event waiting for (or done with) one sink. Keyed by (sink, incident, sequence of the event in the
/// incident's audit chain), so queueing is idempotent and delivery order is the chain's order.
/// <see cref="Attempts"/> counts attempts started: it is written before the sink is called, so after a restart a
/// non-zero count means the remote system may already have the event.
/// </summary>
public sealed record OutboxEntry(string Sink, AuditEvent Event, DateTimeOffset EnqueuedAt)
{
    [JsonIgnore]
    public string Incident => Event.Incident ?? Event.Partition;

    [JsonIgnore]
    public long Sequence => Event.Sequence;

    /// <summary><c>{sink}|{audit event id}</c>, e.g. <c>ServiceNow|INC-1234:0000000003</c>.</summary>
    [JsonIgnore]
    public string Id => $"{Sink}|{Event.Id}";

    public OutboxState State { get; init; } = OutboxState.Pending;

    public int Attempts { get; init; }

    /// <summary>Not tried before this time: a backoff, a Retry-After, or the claim of the attempt in progress.</summary>
    public DateTimeOffset NextAttemptAt { get; init; }

    /// <summary>Why the last attempt failed (no secrets: messages come from the sinks' own wording).</summary>
    public string? LastError { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }

    public DateTimeOffset? DeadAt { get; init; }

    /// <summary>Concurrency token assigned by the store; null before the first write.</summary>
    public string? ETag { get; init; }
}
