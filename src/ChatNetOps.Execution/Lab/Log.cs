namespace ChatNetOps.Execution.Lab;

using Microsoft.Extensions.Logging;

/// <summary>Lab simulator log messages; EventIds 4100–4199. Device output is logged at Trace only.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Debug, Message = "Lab run of {Runbook} on {Device} for request {RequestId}: {CommandCount} commands, latency {Latency}")]
    public static partial void RunStarting(ILogger logger, string runbook, string device, string requestId, int commandCount, TimeSpan latency);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Lab run on {Device} for request {RequestId} finished {Status} with return code {ReturnCode}")]
    public static partial void RunFinished(ILogger logger, string device, string requestId, Core.Requests.ExecutionStatus status, int returnCode);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Lab failure injected on {Device} for request {RequestId}")]
    public static partial void FailureInjected(ILogger logger, string device, string requestId);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Trace, Message = "Lab {Device} answered {Command} with return code {ReturnCode}: {Output}")]
    public static partial void CommandAnswered(ILogger logger, string device, string command, int returnCode, string output);
}
