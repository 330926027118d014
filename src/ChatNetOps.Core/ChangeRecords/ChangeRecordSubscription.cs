namespace ChatNetOps.Core.ChangeRecords;

using ChatNetOps.Core.Audit;

/// <summary>Which sinks receive which incident events (from <see cref="ChangeRecordOptions"/>).</summary>
public sealed class ChangeRecordSubscription(IReadOnlyList<string> sinks, IReadOnlySet<AuditKind> kinds)
{
    private int _missed;

    public IReadOnlyList<string> Sinks => sinks;

    public IReadOnlySet<AuditKind> Kinds => kinds;

    /// <summary>True when an enqueue failed since the last catch-up.</summary>
    public bool HasMissed => Volatile.Read(ref _missed) != 0;

    public bool Wants(AuditKind kind) => sinks.Count > 0 && kinds.Contains(kind);

    internal void MissedOne() => Interlocked.Exchange(ref _missed, 1);

    internal void CaughtUp() => Interlocked.Exchange(ref _missed, 0);
}
