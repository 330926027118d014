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

    /// <summary>
    /// A usage error (unknown command, runbook, input or device, bad syntax), answered with a one-line hint to the one
    /// who typed it. Recorded under the day, never in an incident's chain: the timeline and the export hold requests,
    /// decisions, executions and real refusals (<see cref="Denied"/>). The reports count it as a phrase not understood.
    /// </summary>
    Usage,

    /// <summary>Usage: someone asked to be told when a device lock is released (no request, no incident).</summary>
    LockWatchRequested,

    /// <summary>Usage: a watcher was told that the lock they waited on was released.</summary>
    LockWatchNotified,

    ChangeWindowOpened,
    ChangeWindowAcknowledged,
    ChangeWindowRejected,
    ChangeWindowStarted,
    ChangeWindowClosed,

    PreChecked,
    PostCheckPassed,
    PostCheckFailed,
    RolledBack,
}
