namespace ChatNetOps.Execution.Jump;

using Microsoft.Extensions.Logging;

/// <summary>Jump host log events (3500-3599). Never credentials.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3500, Level = LogLevel.Debug, Message = "Jump connection {ConnectionId} to {JumpHost} ({Address}:{Port}, hop {Position}) authenticated")]
    public static partial void Connected(ILogger logger, string jumpHost, string address, int port, int position, int connectionId);

    [LoggerMessage(EventId = 3501, Level = LogLevel.Debug, Message = "Closed jump connection {ConnectionId} to {JumpHost}: {Reason}")]
    public static partial void Closed(ILogger logger, string jumpHost, int connectionId, string reason);

    [LoggerMessage(EventId = 3502, Level = LogLevel.Warning, Message = "Refused the SSH host key of jump host {JumpHost}: pinned {Expected}, presented {Actual}")]
    public static partial void HostKeyRejected(ILogger logger, string jumpHost, string expected, string actual);

    [LoggerMessage(EventId = 3503, Level = LogLevel.Warning, Message = "Jump host {JumpHost} unreachable: {Problem}")]
    public static partial void Unreachable(ILogger logger, string jumpHost, string problem);

    [LoggerMessage(EventId = 3504, Level = LogLevel.Warning, Message = "SSH authentication failed on jump host {JumpHost} for user {Username}")]
    public static partial void AuthenticationFailed(ILogger logger, string jumpHost, string username);
}
