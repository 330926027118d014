namespace ChatNetOps.Execution.Ssh;

using ChatNetOps.Core.Requests;

/// <summary>How an SSH run ended: the result's status, return code and error, and the spans' <c>error.type</c>.</summary>
internal sealed record SshOutcome(ExecutionStatus Status, int ReturnCode, string? Error, string? ErrorType = null)
{
    public static SshOutcome Failed(string error, string errorType) => new(ExecutionStatus.Failed, -1, error, errorType);
}
