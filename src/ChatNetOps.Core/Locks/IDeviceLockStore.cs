namespace ChatNetOps.Core.Locks;

/// <summary>
/// Device locks with lease semantics. Acquire is a conditional create; taking over an expired lease is a
/// replace with If-Match; release is a delete with If-Match. Exactly one of any number of racing acquirers wins.
/// </summary>
public interface IDeviceLockStore
{
    Task<LockAcquisition> TryAcquireAsync(DeviceLock candidate, DateTimeOffset now, CancellationToken cancellationToken);

    Task<DeviceLock?> GetAsync(string device, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeviceLock>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Extends the lease of a lock we hold; null when it is no longer ours.</summary>
    Task<DeviceLock?> RenewAsync(DeviceLock held, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Releases the device's lock if it is held by <paramref name="requestId"/>; false when it is not.</summary>
    Task<bool> ReleaseAsync(string device, string requestId, CancellationToken cancellationToken);

    /// <summary>Takes one of <paramref name="limit"/> session slots of a device (free or expired); null when all are held.</summary>
    Task<SessionSlot?> TryAcquireSessionAsync(string device, int limit, string holder, DateTimeOffset leaseUntil, DateTimeOffset now, CancellationToken cancellationToken);

    Task ReleaseSessionAsync(SessionSlot slot, CancellationToken cancellationToken);
}
