namespace ChatNetOps.Core.Requests;

public enum RequestStatus
{
    Requested,
    AwaitingApproval,
    Queued,
    Running,
    Succeeded,
    Failed,
    TimedOut,
    Interrupted,
    Rejected,
    Expired,
    Cancelled,
    Denied,
}
