namespace ChatNetOps.Bot;

using Microsoft.Extensions.Logging;

/// <summary>The ChatNetOps.Bot log messages, all in one place (EventIds: the project's range in docs/architecture.md, "Logging and tracing").</summary>
internal static partial class Log
{
    // Hosting/StartupSummary
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "ChatNetOps bot: storage {Storage}, queue {Queue}, in-process worker {EmbeddedWorker}, inventory {Devices} devices / {Runbooks} runbooks")]
    public static partial void Summary(ILogger logger, string storage, string queue, bool embeddedWorker, int devices, int runbooks);
}
