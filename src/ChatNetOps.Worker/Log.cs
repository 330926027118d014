namespace ChatNetOps.Worker;

using Microsoft.Extensions.Logging;

/// <summary>The ChatNetOps.Worker log messages, all in one place (EventIds: the project's range in docs/architecture.md, "Logging and tracing").</summary>
internal static partial class Log
{
    // Hosting/StartupSummary
    [LoggerMessage(EventId = 4999, Level = LogLevel.Information, Message = "ChatNetOps worker: storage {Storage}, queue {Queue}")]
    public static partial void Summary(ILogger logger, string storage, string queue);
}
