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

    [LoggerMessage(EventId = 10980, Level = LogLevel.Warning, Message = "Processing alert notification {Id} from {Source} failed (attempt {Attempt} of {Max}); it stays pending")]
    public static partial void NotificationFailed(ILogger logger, Exception exception, string id, ChatNetOps.Core.Alerts.AlertSource source, int attempt, int max);

    [LoggerMessage(EventId = 10981, Level = LogLevel.Error, Message = "Gave up alert notification {Id} from {Source} after {Attempts} failed attempts; it is marked processed and audited as dropped")]
    public static partial void NotificationDropped(ILogger logger, Exception exception, string id, ChatNetOps.Core.Alerts.AlertSource source, int attempts);

    [LoggerMessage(EventId = 10982, Level = LogLevel.Information, Message = "Attached an alert group from {Source} to incident {IncidentId} (route {Route}, attach policy)")]
    public static partial void Attached(ILogger logger, string incidentId, ChatNetOps.Core.Alerts.AlertSource source, string route);

    [LoggerMessage(EventId = 10983, Level = LogLevel.Warning, Message = "Could not post or update the alert card of incident {IncidentId}; tried again on the next pass")]
    public static partial void CardFailed(ILogger logger, Exception exception, string incidentId);

    [LoggerMessage(EventId = 10984, Level = LogLevel.Warning, Message = "No chat channel for {Platform} is configured; the alert card of incident {IncidentId} is not posted")]
    public static partial void NoChannel(ILogger logger, string platform, string incidentId);

    [LoggerMessage(EventId = 10985, Level = LogLevel.Information, Message = "Requested the first step {Runbook} of incident {IncidentId} automatically as {RequestId}")]
    public static partial void AutoRunRequested(ILogger logger, string runbook, string incidentId, string requestId);

    [LoggerMessage(EventId = 10986, Level = LogLevel.Warning, Message = "Did not auto-run the first step {Runbook} of incident {IncidentId}: {Reason}")]
    public static partial void AutoRunSkipped(ILogger logger, string runbook, string incidentId, string reason);

    [LoggerMessage(EventId = 10987, Level = LogLevel.Error, Message = "Refreshing alert cards failed; tried again on the next pass")]
    public static partial void CardPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 10998, Level = LogLevel.Debug, Message = "Another replica is posting the first alert card of incident {IncidentId}; this one updates it once its message is recorded")]
    public static partial void CardClaimedElsewhere(ILogger logger, string incidentId);
}
