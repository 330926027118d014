namespace ChatNetOps.Execution.Ssh;

using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.Tracing;

/// <summary>A device-side problem on the way to or during a run; the executor turns it into a result, never lets it escape.</summary>
internal sealed class SshRunException(ExecutionStatus status, string error, Exception? inner = null)
    : Exception(error, inner)
{
    public ExecutionStatus Status { get; } = status;

    /// <summary>The span's <c>error.type</c> (one of <see cref="ErrorTypes"/>).</summary>
    public string ErrorType { get; init; } = status == ExecutionStatus.TimedOut ? ErrorTypes.Timeout : ErrorTypes.ConnectionFailed;
}
