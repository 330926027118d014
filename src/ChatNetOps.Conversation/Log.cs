namespace ChatNetOps.Conversation;

using Microsoft.Extensions.Logging;

/// <summary>The ChatNetOps.Conversation log messages, all in one place (EventIds: the project's range in docs/architecture.md, "Logging and tracing").</summary>
internal static partial class Log
{
    // Reports/ReportDigest
    [LoggerMessage(EventId = 3998, Level = LogLevel.Information, Message = "Weekly report digest due {Due} sent to {Platform} conversation {Conversation}")]
    public static partial void DigestSent(ILogger logger, Core.Policy.ChatPlatform platform, string conversation, DateTimeOffset due);

    [LoggerMessage(EventId = 3999, Level = LogLevel.Error, Message = "Sending the weekly report digest failed; this week's digest is not sent again")]
    public static partial void DigestFailed(ILogger logger, Exception exception);

    // Notifications/LockReleaseNotifier
    [LoggerMessage(EventId = 3996, Level = LogLevel.Warning, Message = "Telling a watcher that the lock on {Device} ({RequestId}) was released failed; the watch is gone")]
    public static partial void LockReleaseNotifyFailed(ILogger logger, Exception exception, string device, string requestId);

    [LoggerMessage(EventId = 3997, Level = LogLevel.Warning, Message = "No chat channel on {Platform} to tell a watcher that the lock on {Device} was released")]
    public static partial void NoChannelForLockRelease(ILogger logger, string device, string platform);

    // Notifications/ResultCardTickets
    [LoggerMessage(EventId = 3995, Level = LogLevel.Warning, Message = "Showing ticket {Ticket} on the result card {MessageId} of request {RequestId} failed; the card stays as it was")]
    public static partial void ResultCardTicketFailed(ILogger logger, Exception exception, string requestId, string messageId, string ticket);

    // Notifications/ResultNotifierService
    [LoggerMessage(EventId = 3112, Level = LogLevel.Error, Message = "Notifying the chat about request {RequestId} failed; the message will be redelivered")]
    public static partial void NotifyFailed(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(EventId = 3113, Level = LogLevel.Warning, Message = "Renewing the result message of request {RequestId} failed; its lock lapses and it is redelivered")]
    public static partial void RenewFailed(ILogger logger, Exception exception, string requestId);

    // Notifications/ResultNotifier
    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Result for unknown request {RequestId} ignored")]
    public static partial void UnknownRequest(ILogger logger, string requestId);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "No chat channel for request {RequestId} on {Platform}; its card is not updated")]
    public static partial void NoChannel(ILogger logger, string requestId, string platform);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Updating message {MessageId} of request {RequestId} failed; posting a new one")]
    public static partial void UpdateFailed(ILogger logger, Exception exception, string requestId, string messageId);

    [LoggerMessage(EventId = 3110, Level = LogLevel.Information, Message = "Request {RequestId} moved on before its card was posted; its news waits for the card (up to {Seconds} s after the request)")]
    public static partial void WaitingForCard(ILogger logger, string requestId, double seconds);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Warning, Message = "The card of request {RequestId} was not attached within {Seconds} s of the request; its news is posted without it")]
    public static partial void CardWaitEnded(ILogger logger, string requestId, double seconds);

    // Dialog/DialogService
    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Dialog failed for a {Platform} event ({Verb}); correlation id {CorrelationId}")]
    public static partial void Failed(ILogger logger, Exception exception, string correlationId, string platform, string verb);
}
