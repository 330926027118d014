namespace ChatNetOps.Core.Audit;

public enum AuditKind
{
    Requested,
    Denied,
    ApprovalRequested,
    Approved,
    Rejected,
    Expired,
    Cancelled,
    Queued,
    Started,
    Succeeded,
    Failed,
    TimedOut,
    Interrupted,
    LockTaken,
    LockRefused,
    LockReleased,
    IncidentOpened,
    IncidentClosed,
    ConversationBound,
    AlertReceived,
    AlertResolved,
    IncidentReopened,
    SeverityProposed,
    SeverityConfirmed,
    SeverityRejected,
    RunAttached,

    /// <summary>Usage: someone asked to be told when a device lock is released (no request, no incident).</summary>
    LockWatchRequested,

    /// <summary>Usage: a watcher was told that the lock they waited on was released.</summary>
    LockWatchNotified,
}
