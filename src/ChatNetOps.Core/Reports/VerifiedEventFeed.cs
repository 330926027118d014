namespace ChatNetOps.Core.Reports;

using System.Runtime.CompilerServices;
using ChatNetOps.Core.Audit;

/// <summary>
/// Hands each event to <c>onVerified</c> only once <see cref="AuditVerifier"/> has checked it, so the report is built in
/// the verifier's own single pass over the store. The verifier checks an event before it asks for the next one and
/// stops asking at the first event that does not hold; the code after <c>yield return</c> runs only when it asks again,
/// so a broken event and everything after it never reach the report.
/// </summary>
internal sealed class VerifiedEventFeed(IAuditLog inner, Action<AuditEvent> onVerified) : IAuditLog
{
    public Task<AuditEvent> AppendAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("A report reads the audit trail; it never appends to it.");

    public async IAsyncEnumerable<AuditEvent> ReadAsync(string partition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var auditEvent in inner.ReadAsync(partition, cancellationToken))
        {
            yield return auditEvent;
            onVerified(auditEvent);
        }
    }

    public Task<IReadOnlyList<string>> ListPartitionsAsync(CancellationToken cancellationToken) => inner.ListPartitionsAsync(cancellationToken);
}
