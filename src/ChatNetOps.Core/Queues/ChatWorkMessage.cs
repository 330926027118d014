namespace ChatNetOps.Core.Queues;

/// <summary>
/// A chat payload the bot has acknowledged to the platform and not yet processed: kept in a durable queue from before
/// the acknowledgement until processing is done, so a host that stops (or dies) in between loses nothing and any
/// replica can finish it.
/// </summary>
/// <param name="WorkId">Unique per payload (a hash of the platform's own repeat key); queues use it for duplicate detection.</param>
/// <param name="Platform">Which adapter reads <paramref name="Body"/> (<c>slack</c>).</param>
/// <param name="Kind">What the payload is, for logs and dead-letter triage (<c>slash_command</c>, <c>block_actions</c>…).</param>
/// <param name="Body">The adapter's own serialisation of the payload; opaque to everyone else.</param>
/// <param name="TraceParent">W3C trace context of the request that brought the payload.</param>
public sealed record ChatWorkMessage(string WorkId, string Platform, string Kind, string Body, DateTimeOffset ReceivedAt, string? TraceParent)
{
    /// <summary>After this the payload is not worth processing (its reply address has lapsed); queues may drop it.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
