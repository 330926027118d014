namespace ChatNetOps.Core.Queues;

/// <summary>A unit of work for the executor workers: run this request. The request store is the source of truth.</summary>
/// <param name="JobId">Unique per request; queues use it for duplicate detection.</param>
/// <param name="TraceParent">W3C trace context, so the chat command and the device run share one trace.</param>
public sealed record JobMessage(string JobId, string RequestId, DateTimeOffset EnqueuedAt, string? TraceParent)
{
    /// <summary>After this the job is worthless (the request would have expired); queues may drop it.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
