namespace ChatNetOps.Core.Locks;

using ChatNetOps.Core.Requests;

/// <summary>
/// What a device lock is held for: the lock is taken when a change is requested, so it first waits for approval, then
/// for a worker, and is "running" only while the change runs.
/// </summary>
public enum LockState
{
    AwaitingApproval,
    Queued,
    Running,
}

public static class LockStates
{
    /// <summary>The lock state of a request in <paramref name="status"/>; null for a request that no longer holds a lock.</summary>
    public static LockState? Of(RequestStatus status) => status switch
    {
        RequestStatus.AwaitingApproval => LockState.AwaitingApproval,
        RequestStatus.Queued => LockState.Queued,
        RequestStatus.Running => LockState.Running,
        _ => null,
    };
}
