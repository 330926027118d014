namespace ChatNetOps.Core.Audit;

/// <summary>
/// The storage under the audit trail: a conditional create keyed by (partition, sequence) is all the chain needs
/// to stay gap-free without a global lock.
/// </summary>
public interface IAuditStore
{
    /// <summary>Stores the event if no event holds its (partition, sequence); false when one does.</summary>
    Task<bool> TryAppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken);

    /// <summary>The event with the highest sequence in the partition, if any.</summary>
    Task<AuditEvent?> GetLastAsync(string partition, CancellationToken cancellationToken);

    /// <summary>Every event of the partition in sequence order.</summary>
    IAsyncEnumerable<AuditEvent> ReadAsync(string partition, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListPartitionsAsync(CancellationToken cancellationToken);
}
