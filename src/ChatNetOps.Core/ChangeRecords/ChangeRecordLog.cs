namespace ChatNetOps.Core.ChangeRecords;

using Microsoft.Extensions.Logging;

/// <summary>Log messages of the change-record outbox (EventIds 8000–8049). Never a secret: sinks word their own errors.</summary>
internal static partial class ChangeRecordLog
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Error, Message = "Audit event {EventId} could not be queued for {Sink} ({Error}); the dispatcher catches up from the audit chain")]
    public static partial void EnqueueFailed(ILogger logger, string eventId, string sink, string error);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "Delivered {EntryId} to {Sink} (attempt {Attempt})")]
    public static partial void Delivered(ILogger logger, string entryId, string sink, int attempt);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Warning, Message = "Delivery of {EntryId} failed (attempt {Attempt}), next attempt at {NextAttempt:O}: {Reason}")]
    public static partial void WillRetry(ILogger logger, string entryId, int attempt, DateTimeOffset nextAttempt, string reason);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Error, Message = "{EntryId} moved to the dead-letter list after {Attempts} attempt(s): {Reason}. Fix the cause, then 'chatnetops changes retry {EntryId}'")]
    public static partial void Dead(ILogger logger, string entryId, int attempts, string reason);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Information, Message = "Created {Sink} ticket {Number} for {Incident}")]
    public static partial void TicketCreated(ILogger logger, string sink, string number, string incident);

    [LoggerMessage(EventId = 8006, Level = LogLevel.Warning, Message = "Found {Sink} ticket {Number} for {Incident} left by an interrupted create; not creating another")]
    public static partial void TicketFound(ILogger logger, string sink, string number, string incident);

    [LoggerMessage(EventId = 8007, Level = LogLevel.Error, Message = "The change-record dispatcher pass failed ({Error}); retrying at the next poll")]
    public static partial void PassFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 8008, Level = LogLevel.Information, Message = "Caught up {Count} change-record event(s) from the audit chain")]
    public static partial void CaughtUp(ILogger logger, int count);
}
