namespace ChatNetOps.Core.Locks;

using ChatNetOps.Core.Requests;

/// <summary>The one lock document per device that serialises state-changing work on it.</summary>
public sealed record DeviceLock(
    string Device,
    string RequestId,
    Actor Owner,
    string Runbook,
    string? Incident,
    DateTimeOffset AcquiredAt,
    DateTimeOffset LeaseUntil)
{
    public string? ETag { get; init; }

    /// <summary>What the lock is for now; null on a lock stored before locks said so (read the holding request's status then).</summary>
    public LockState? State { get; init; }

    public bool IsExpired(DateTimeOffset now) => LeaseUntil <= now;
}
