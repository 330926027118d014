namespace ChatNetOps.Execution.FortiGate;

using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Logging;

/// <summary>FortiGate REST executor log events (3400-3499). Never the API token; device output only at Trace.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3400, Level = LogLevel.Debug, Message = "FortiGate {Device}: GET {PathAndQuery} answered {StatusCode} in {ElapsedMs} ms")]
    public static partial void Answered(ILogger logger, string device, string pathAndQuery, int statusCode, long elapsedMs);

    [LoggerMessage(EventId = 3401, Level = LogLevel.Warning, Message = "Refused the TLS certificate of FortiGate {Device}: {Problem}")]
    public static partial void CertificateRejected(ILogger logger, string device, string problem);

    [LoggerMessage(EventId = 3402, Level = LogLevel.Warning, Message = "FortiGate {Device} refused the API token of credential {CredentialRef} (HTTP {StatusCode})")]
    public static partial void TokenRefused(ILogger logger, string device, string credentialRef, int statusCode);

    [LoggerMessage(EventId = 3403, Level = LogLevel.Information, Message = "Runbook {Runbook} on {Device} over the REST API ended {Status} (return code {ReturnCode}) in {ElapsedMs} ms: {Error}")]
    public static partial void RunFinished(ILogger logger, string runbook, string device, ExecutionStatus status, int returnCode, long elapsedMs, string? error);

    [LoggerMessage(EventId = 3404, Level = LogLevel.Trace, Message = "Output of {Device}: {Output}")]
    public static partial void DeviceOutput(ILogger logger, string device, string output);
}
