namespace ChatNetOps.Core.Locks;

/// <summary>The outcome of trying to take a device lock.</summary>
public abstract record LockAcquisition
{
    private LockAcquisition()
    {
    }

    /// <summary>The lock is ours. <see cref="TookOver"/> holds the expired lock we replaced, if any.</summary>
    public sealed record Acquired(DeviceLock Lock, DeviceLock? TookOver) : LockAcquisition;

    /// <summary>Someone else holds a live lease.</summary>
    public sealed record Held(DeviceLock Holder) : LockAcquisition;
}
