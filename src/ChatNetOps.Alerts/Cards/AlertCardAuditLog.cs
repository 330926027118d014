namespace ChatNetOps.Alerts.Cards;

using ChatNetOps.Core.Audit;

/// <summary>
/// The audit log with the alert card behind it: recording an incident event that changes what the card shows (closed,
/// reopened, a severity proposed, confirmed or rejected — by a person in chat, the sweeper or the processor) touches
/// the incident in <see cref="AlertCardQueue"/> once the append returns, so the card refresher updates it in place at
/// once instead of on its next periodic pass, and a closed incident, which that pass no longer lists, is refreshed
/// at all. Incidents without an alert card are passed over by the refresher.
/// </summary>
public sealed class AlertCardAuditLog(IAuditLog inner, AlertCardQueue queue) : IAuditLog
{
    private static readonly HashSet<AuditKind> Shown =
    [
        AuditKind.IncidentClosed,
        AuditKind.IncidentReopened,
        AuditKind.SeverityProposed,
        AuditKind.SeverityConfirmed,
        AuditKind.SeverityRejected,
    ];

    public async Task<AuditEvent> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var recorded = await inner.AppendAsync(entry, cancellationToken).ConfigureAwait(false);
        if (recorded.Incident is { } incident && Shown.Contains(recorded.Kind))
        {
            queue.Touched(incident);
        }

        return recorded;
    }

    public IAsyncEnumerable<AuditEvent> ReadAsync(string partition, CancellationToken cancellationToken) => inner.ReadAsync(partition, cancellationToken);

    public Task<IReadOnlyList<string>> ListPartitionsAsync(CancellationToken cancellationToken) => inner.ListPartitionsAsync(cancellationToken);
}
