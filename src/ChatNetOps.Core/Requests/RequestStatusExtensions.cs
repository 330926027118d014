namespace ChatNetOps.Core.Requests;

public static class RequestStatusExtensions
{
    public static bool IsTerminal(this RequestStatus status) => status is
        RequestStatus.Succeeded or RequestStatus.Failed or RequestStatus.TimedOut or RequestStatus.Interrupted
        or RequestStatus.Rejected or RequestStatus.Expired or RequestStatus.Cancelled or RequestStatus.Denied;
}
