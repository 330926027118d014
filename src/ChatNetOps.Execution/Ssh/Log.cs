namespace ChatNetOps.Execution.Ssh;

using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Logging;

/// <summary>SSH executor log events (3100-3199). Never credentials; device output only at Trace.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "SSH connection {ConnectionId} to {Device} ({Address}:{Port}) authenticated")]
    public static partial void Connected(ILogger logger, string device, string address, int port, int connectionId);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Reusing SSH connection {ConnectionId} to {Device} (use {Uses})")]
    public static partial void SessionReused(ILogger logger, string device, int connectionId, int uses);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Debug, Message = "Closed idle SSH connection {ConnectionId} to {Device}")]
    public static partial void SessionEvicted(ILogger logger, string device, int connectionId);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Refused the SSH host key of {Device}: pinned {Expected}, presented {Actual}")]
    public static partial void HostKeyRejected(ILogger logger, string device, string expected, string actual);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "SSH authentication failed on {Device} for user {Username}")]
    public static partial void AuthenticationFailed(ILogger logger, string device, string username);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Information, Message = "Runbook {Runbook} on {Device} ended {Status} (return code {ReturnCode}) in {ElapsedMs} ms: {Error}")]
    public static partial void RunFinished(ILogger logger, string runbook, string device, ExecutionStatus status, int returnCode, long elapsedMs, string? error);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Trace, Message = "Output of {Device}: {Output}")]
    public static partial void DeviceOutput(ILogger logger, string device, string output);
}
