namespace ChatNetOps.Core.Audit;

/// <summary>The audit trail services write to. Appends complete before any chat message about them is sent.</summary>
public interface IAuditLog
{
    Task<AuditEvent> AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    IAsyncEnumerable<AuditEvent> ReadAsync(string partition, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListPartitionsAsync(CancellationToken cancellationToken);
}
