namespace ChatNetOps.Execution;

using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Logging;

/// <summary>The ChatNetOps.Execution log messages, all in one place (EventIds: the project's range in docs/architecture.md, "Logging and tracing").</summary>
internal static partial class Log
{
    // Ssh
    [LoggerMessage(EventId = 2100, Level = LogLevel.Debug, Message = "SSH connection {ConnectionId} to {Device} ({Address}:{Port}) authenticated")]
    public static partial void SshConnected(ILogger logger, string device, string address, int port, int connectionId);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "Reusing SSH connection {ConnectionId} to {Device} (use {Uses})")]
    public static partial void SessionReused(ILogger logger, string device, int connectionId, int uses);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Debug, Message = "Closed idle SSH connection {ConnectionId} to {Device}")]
    public static partial void SessionEvicted(ILogger logger, string device, int connectionId);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Refused the SSH host key of {Device}: pinned {Expected}, presented {Actual}")]
    public static partial void SshHostKeyRejected(ILogger logger, string device, string expected, string actual);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "SSH authentication failed on {Device} for user {Username}")]
    public static partial void SshAuthenticationFailed(ILogger logger, string device, string username);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Information, Message = "Runbook {Runbook} on {Device} ended {Status} (return code {ReturnCode}) in {ElapsedMs} ms: {Error}")]
    public static partial void SshRunFinished(ILogger logger, string runbook, string device, ExecutionStatus status, int returnCode, long elapsedMs, string? error);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Trace, Message = "Output of {Device}: {Output}")]
    public static partial void SshDeviceOutput(ILogger logger, string device, string output);

    // FortiGate
    [LoggerMessage(EventId = 2400, Level = LogLevel.Debug, Message = "FortiGate {Device}: GET {PathAndQuery} answered {StatusCode} in {ElapsedMs} ms")]
    public static partial void Answered(ILogger logger, string device, string pathAndQuery, int statusCode, long elapsedMs);

    [LoggerMessage(EventId = 2401, Level = LogLevel.Warning, Message = "Refused the TLS certificate of FortiGate {Device}: {Problem}")]
    public static partial void CertificateRejected(ILogger logger, string device, string problem);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Warning, Message = "FortiGate {Device} refused the API token of credential {CredentialRef} (HTTP {StatusCode})")]
    public static partial void TokenRefused(ILogger logger, string device, string credentialRef, int statusCode);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Information, Message = "Runbook {Runbook} on {Device} over the REST API ended {Status} (return code {ReturnCode}) in {ElapsedMs} ms: {Error}")]
    public static partial void FortiGateRunFinished(ILogger logger, string runbook, string device, ExecutionStatus status, int returnCode, long elapsedMs, string? error);

    [LoggerMessage(EventId = 2404, Level = LogLevel.Trace, Message = "Output of {Device}: {Output}")]
    public static partial void FortiGateDeviceOutput(ILogger logger, string device, string output);

    // Jump
    [LoggerMessage(EventId = 2500, Level = LogLevel.Debug, Message = "Jump connection {ConnectionId} to {JumpHost} ({Address}:{Port}, hop {Position}) authenticated")]
    public static partial void JumpConnected(ILogger logger, string jumpHost, string address, int port, int position, int connectionId);

    [LoggerMessage(EventId = 2501, Level = LogLevel.Debug, Message = "Closed jump connection {ConnectionId} to {JumpHost}: {Reason}")]
    public static partial void Closed(ILogger logger, string jumpHost, int connectionId, string reason);

    [LoggerMessage(EventId = 2502, Level = LogLevel.Warning, Message = "Refused the SSH host key of jump host {JumpHost}: pinned {Expected}, presented {Actual}")]
    public static partial void JumpHostKeyRejected(ILogger logger, string jumpHost, string expected, string actual);

    [LoggerMessage(EventId = 2503, Level = LogLevel.Warning, Message = "Jump host {JumpHost} unreachable: {Problem}")]
    public static partial void Unreachable(ILogger logger, string jumpHost, string problem);

    [LoggerMessage(EventId = 2504, Level = LogLevel.Warning, Message = "SSH authentication failed on jump host {JumpHost} for user {Username}")]
    public static partial void JumpAuthenticationFailed(ILogger logger, string jumpHost, string username);

    // Credentials
    [LoggerMessage(EventId = 2300, Level = LogLevel.Information, Message = "Loaded {Count} device credentials from {Path}")]
    public static partial void FileLoaded(ILogger logger, int count, string path);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Debug, Message = "No credentials file at {Path}; using environment variables only")]
    public static partial void NoFile(ILogger logger, string path);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Debug, Message = "Credential {CredentialRef} resolved from {Source}")]
    public static partial void Resolved(ILogger logger, string credentialRef, string source);

    // Lab
    [LoggerMessage(EventId = 2600, Level = LogLevel.Debug, Message = "Lab run of {Runbook} on {Device} for request {RequestId}: {CommandCount} commands, latency {Latency}")]
    public static partial void RunStarting(ILogger logger, string runbook, string device, string requestId, int commandCount, TimeSpan latency);

    [LoggerMessage(EventId = 2601, Level = LogLevel.Information, Message = "Lab run on {Device} for request {RequestId} finished {Status} with return code {ReturnCode}")]
    public static partial void LabRunFinished(ILogger logger, string device, string requestId, ExecutionStatus status, int returnCode);

    [LoggerMessage(EventId = 2602, Level = LogLevel.Warning, Message = "Lab failure injected on {Device} for request {RequestId}")]
    public static partial void FailureInjected(ILogger logger, string device, string requestId);

    [LoggerMessage(EventId = 2603, Level = LogLevel.Trace, Message = "Lab {Device} answered {Command} with return code {ReturnCode}: {Output}")]
    public static partial void CommandAnswered(ILogger logger, string device, string command, int returnCode, string output);
}
