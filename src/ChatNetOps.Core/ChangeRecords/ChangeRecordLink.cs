namespace ChatNetOps.Core.ChangeRecords;

/// <summary>The local incident ↔ ticket mapping of one sink, stored before the ticket is created and completed after.</summary>
public sealed record ChangeRecordLink(string Sink, string Incident, ChangeRecordLinkState State, DateTimeOffset UpdatedAt)
{
    public TicketRef? Ticket { get; init; }

    /// <summary>The audit event id the ticket was created from (that event is part of the ticket already).</summary>
    public string? CreatedFrom { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    public string? ETag { get; init; }
}
