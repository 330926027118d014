namespace ChatNetOps.Core.Requests;

public enum ExecutionStatus
{
    Succeeded,
    Failed,
    TimedOut,
}
