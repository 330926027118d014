namespace ChatNetOps.Alerts;

using Microsoft.Extensions.Logging;

/// <summary>The Alerts project's log messages (EventIds 8001–8099). Secrets, tokens and bodies are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "Refused an alert request to {Path}: {Reason} (from {RemoteAddress})")]
    public static partial void Refused(ILogger logger, string path, string reason, string remoteAddress);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Error, Message = "Could not record an alert notification from {Source}; answered 503 so it is sent again")]
    public static partial void StoreUnavailable(ILogger logger, ChatNetOps.Core.Alerts.AlertSource source, Exception exception);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Error, Message = "Could not record the refusal of an alert request in the audit trail")]
    public static partial void RefusalNotRecorded(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Information, Message = "Recorded alert notification {Id} from {Source} (group {GroupKey}, {Count} alerts, {Status})")]
    public static partial void Recorded(ILogger logger, string id, ChatNetOps.Core.Alerts.AlertSource source, string groupKey, int count, ChatNetOps.Core.Alerts.AlertStatus status);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Debug, Message = "Alert notification {Id} from {Source} was already recorded")]
    public static partial void Duplicate(ILogger logger, string id, ChatNetOps.Core.Alerts.AlertSource source);

    [LoggerMessage(EventId = 8006, Level = LogLevel.Error, Message = "Could not check an alert request from {Source} now; answered 503")]
    public static partial void AuthUnavailable(ILogger logger, ChatNetOps.Core.Alerts.AlertSource source, Exception exception);
}
