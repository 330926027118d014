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
}
