namespace ChatNetOps.Core.Locks;

/// <summary>
/// Durable requests to be told when a device lock is released. Taking a watch to notify is a conditional delete, so of
/// any number of replicas sweeping at once exactly one notifies each watcher.
/// </summary>
public interface ILockWatchStore
{
    /// <summary>Stores the watch; false when the same watcher already waits on the same lock (nothing changes).</summary>
    Task<bool> AddAsync(LockWatch watch, CancellationToken cancellationToken);

    /// <summary>Every watch still waiting, oldest first.</summary>
    Task<IReadOnlyList<LockWatch>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Removes the watch to notify it; false when another sweep took it first.</summary>
    Task<bool> TakeAsync(LockWatch watch, CancellationToken cancellationToken);
}
