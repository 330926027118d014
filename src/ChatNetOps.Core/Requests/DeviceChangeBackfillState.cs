namespace ChatNetOps.Core.Requests;

/// <summary>
/// The marker of the one fill of <see cref="IDeviceChangeStore"/> from the audit trail (<see cref="DeviceChangeBackfill"/>):
/// while it runs, which replica holds it and until when (a lease); once done, when and what it found. A store has one.
/// </summary>
/// <param name="Owner">The replica that claimed (or finished) the fill.</param>
/// <param name="Until">When the claim runs out unless renewed; meaningless once <paramref name="CompletedAt"/> is set.</param>
/// <param name="CompletedAt">When the fill finished; null while it has not.</param>
public sealed record DeviceChangeBackfillState(string Owner, DateTimeOffset Until, DateTimeOffset? CompletedAt)
{
    /// <summary>Audit events read.</summary>
    public long Events { get; init; }

    /// <summary>Ended state-changing runs found in verified chains.</summary>
    public long Runs { get; init; }

    /// <summary>Device changes handed to the projection (the store keeps each only when it is newer than what it holds).</summary>
    public long Recorded { get; init; }

    /// <summary>Run endings whose request is not on record, or whose record disagrees with the audit event (skipped).</summary>
    public long Skipped { get; init; }

    /// <summary>Partitions whose chain failed verification: their events from the first broken one on were not used.</summary>
    public int BrokenChains { get; init; }

    public bool IsDone => CompletedAt is not null;
}
