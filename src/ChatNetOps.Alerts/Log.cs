namespace ChatNetOps.Alerts;

using Microsoft.Extensions.Logging;

/// <summary>The Alerts project's log messages (EventIds 10000–10999). Secrets, tokens and bodies are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 10001, Level = LogLevel.Warning, Message = "Refused an alert request to {Path}: {Reason} (from {RemoteAddress})")]
    public static partial void Refused(ILogger logger, string path, string reason, string remoteAddress);

    [LoggerMessage(EventId = 10002, Level = LogLevel.Error, Message = "Could not record an alert notification from {Source}; answered 503 so it is sent again")]
    public static partial void StoreUnavailable(ILogger logger, ChatNetOps.Core.Alerts.AlertSource source, Exception exception);

    [LoggerMessage(EventId = 10003, Level = LogLevel.Error, Message = "Could not record the refusal of an alert request in the audit trail")]
    public static partial void RefusalNotRecorded(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 10004, Level = LogLevel.Information, Message = "Recorded alert notification {Id} from {Source} (group {GroupKey}, {Count} alerts, {Status})")]
    public static partial void Recorded(ILogger logger, string id, ChatNetOps.Core.Alerts.AlertSource source, string groupKey, int count, ChatNetOps.Core.Alerts.AlertStatus status);

    [LoggerMessage(EventId = 10005, Level = LogLevel.Debug, Message = "Alert notification {Id} from {Source} was already recorded")]
    public static partial void Duplicate(ILogger logger, string id, ChatNetOps.Core.Alerts.AlertSource source);

    [LoggerMessage(EventId = 10006, Level = LogLevel.Error, Message = "Could not check an alert request from {Source} now; answered 503")]
    public static partial void AuthUnavailable(ILogger logger, ChatNetOps.Core.Alerts.AlertSource source, Exception exception);

    [LoggerMessage(EventId = 10010, Level = LogLevel.Warning, Message = "Alert notification {Id} from {Source} matches no route (no alert-routes.yaml); recorded, no incident")]
    public static partial void Unrouted(ILogger logger, string id, ChatNetOps.Core.Alerts.AlertSource source);

    [LoggerMessage(EventId = 10011, Level = LogLevel.Information, Message = "Opened incident {IncidentId} for an alert group from {Source} (route {Route})")]
    public static partial void Opened(ILogger logger, string incidentId, ChatNetOps.Core.Alerts.AlertSource source, string route);

    [LoggerMessage(EventId = 10020, Level = LogLevel.Error, Message = "Processing recorded alert notifications failed; they stay pending and are tried again")]
    public static partial void PassFailed(ILogger logger, Exception exception);
}
