namespace ChatNetOps.Core.ChangeRecords;

/// <summary>
/// The durable outbox of change-record events and the incident ↔ ticket mapping. Writes are conditional on ETags so two
/// dispatchers (two bot instances, or the bot and a console) never deliver one event twice at the same time.
/// </summary>
public interface IChangeRecordStore
{
    /// <summary>Queues the entry; false (and nothing changes) when the entry's (sink, incident, sequence) is already queued.</summary>
    Task<bool> TryEnqueueAsync(OutboxEntry entry, CancellationToken cancellationToken);

    Task<OutboxEntry?> GetAsync(string sink, string incident, long sequence, CancellationToken cancellationToken);

    /// <summary>Entries in <paramref name="state"/>, ordered by incident then sequence, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<OutboxEntry>> ListAsync(OutboxState state, int max, CancellationToken cancellationToken);

    /// <summary>Every entry of the incident (all sinks, all states), ordered by sink then sequence.</summary>
    Task<IReadOnlyList<OutboxEntry>> ListByIncidentAsync(string incident, CancellationToken cancellationToken);

    /// <summary>Replaces the entry if its stored ETag still equals <paramref name="expectedETag"/>; null when it does not.</summary>
    Task<OutboxEntry?> TryReplaceAsync(OutboxEntry updated, string expectedETag, CancellationToken cancellationToken);

    Task<ChangeRecordLink?> GetLinkAsync(string sink, string incident, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the link (<paramref name="expectedETag"/> null; null when one exists) or replaces it conditionally (null
    /// when the ETag is stale).
    /// </summary>
    Task<ChangeRecordLink?> TrySaveLinkAsync(ChangeRecordLink link, string? expectedETag, CancellationToken cancellationToken);

    /// <summary>The links of the incident, one per sink that has one.</summary>
    Task<IReadOnlyList<ChangeRecordLink>> ListLinksAsync(string incident, CancellationToken cancellationToken);
}
