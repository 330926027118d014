namespace ChatNetOps.Slack;

using Microsoft.Extensions.Logging;

/// <summary>The Slack adapter's log messages (EventId 5000–5999). Tokens, secrets and message bodies are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Slack request to {Path} from {RemoteAddress} refused: signature {Reason}")]
    public static partial void SignatureRejected(ILogger logger, string path, string remoteAddress, string reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Slack request to {Path} refused: {Reason}")]
    public static partial void RequestRejected(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Debug, Message = "Slack {Kind} {Key} already seen; acknowledged without processing again (retry {RetryNum})")]
    public static partial void Duplicate(ILogger logger, string kind, string key, string retryNum);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "Slack {Kind} not queued and answered 503: the work queue failed (Slack retries events; users can try again)")]
    public static partial void EnqueueFailed(ILogger logger, Exception exception, string kind);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Error, Message = "Processing Slack {Kind} failed (correlation {CorrelationId}, delivery {DeliveryCount}); it goes back on the queue")]
    public static partial void ProcessingFailed(ILogger logger, Exception exception, string kind, string correlationId, int deliveryCount);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Error, Message = "Receiving Slack work from the queue failed; retrying in {DelaySeconds} s")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception, double delaySeconds);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Warning, Message = "Lost the lock on Slack {Kind} {WorkId}: it took longer than the lock and may be processed again elsewhere")]
    public static partial void LockLost(ILogger logger, string kind, string workId);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Warning, Message = "Settling or renewing Slack {Kind} {WorkId} on the queue failed; its lock lapses and it is delivered again")]
    public static partial void SettleFailed(ILogger logger, Exception exception, string kind, string workId);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Error, Message = "Queued work {WorkId} ({Platform}) cannot be read ({Reason}); it goes back on the queue and is dead-lettered after the queue's maximum deliveries")]
    public static partial void UnreadableWork(ILogger logger, string workId, string platform, string reason);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Debug, Message = "Channel {Channel} is at its pace ({BacklogSeconds} s): {Count} replies queued for delivery")]
    public static partial void DeliveryQueued(ILogger logger, string channel, int count, double backlogSeconds);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Error, Message = "Sending a {Kind} reply to Slack channel {Channel} failed; the decision stands and is not made again")]
    public static partial void ReplyFailed(ILogger logger, Exception exception, string channel, string kind);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Slack {Kind} not queued and answered 503: the chat state store could not say whether it was already accepted (Slack retries events; users can press or submit again)")]
    public static partial void StateUnavailable(ILogger logger, Exception exception, string kind);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "Slack channel enabled: HTTP endpoints {HttpEnabled}, Socket Mode {SocketMode}, API {ApiBaseUrl}")]
    public static partial void Enabled(ILogger logger, bool httpEnabled, bool socketMode, Uri apiBaseUrl);

    [LoggerMessage(EventId = 5100, Level = LogLevel.Warning, Message = "Slack {Method} failed: {Error} {Detail}")]
    public static partial void CallFailed(ILogger logger, string method, string error, string detail);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Slack {Method} rate limited (429); retrying after {RetryAfterSeconds} s (attempt {Attempt})")]
    public static partial void RateLimited(ILogger logger, string method, double retryAfterSeconds, int attempt);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Debug, Message = "Slack {Method} held back {Milliseconds} ms by its rate tier")]
    public static partial void HeldBack(ILogger logger, string method, double milliseconds);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message = "Slack {Method} warning: {Warning}")]
    public static partial void CallWarning(ILogger logger, string method, string warning);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Refused to post to a response_url on host {Host}: not a Slack host")]
    public static partial void ResponseUrlRefused(ILogger logger, string host);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Warning, Message = "users.info for {UserId} failed ({Error}); matching by Slack user id only")]
    public static partial void UserLookupFailed(ILogger logger, string userId, string error);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Warning, Message = "Could not deliver a Slack message to {Channel}: {Error}")]
    public static partial void DeliveryFailed(ILogger logger, string channel, string error);

    [LoggerMessage(EventId = 5198, Level = LogLevel.Warning, Message = "Could not share the file {FileName} in Slack channel {Channel}: {Error}")]
    public static partial void FileShareFailed(ILogger logger, string fileName, string channel, string error);

    [LoggerMessage(EventId = 5199, Level = LogLevel.Warning, Message = "Refused to upload a file to host {Host}: not a Slack host")]
    public static partial void UploadUrlRefused(ILogger logger, string host);

    [LoggerMessage(EventId = 5200, Level = LogLevel.Information, Message = "Slack Socket Mode connected")]
    public static partial void SocketConnected(ILogger logger);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Slack Socket Mode disconnect requested ({Reason}); reconnecting")]
    public static partial void SocketDisconnectRequested(ILogger logger, string reason);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "Slack Socket Mode connection lost; reconnecting in {DelaySeconds} s")]
    public static partial void SocketLost(ILogger logger, Exception? exception, double delaySeconds);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Warning, Message = "Slack Socket Mode: apps.connections.open failed ({Error}); retrying in {DelaySeconds} s")]
    public static partial void SocketOpenFailed(ILogger logger, string error, double delaySeconds);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Warning, Message = "Slack Socket Mode: unreadable frame ignored")]
    public static partial void SocketBadFrame(ILogger logger);

    [LoggerMessage(EventId = 5030, Level = LogLevel.Information, Message = "Slack user {UserId} (workspace {TeamId}, email confirmed {Confirmed}) is not matched by email: only confirmed emails of Slack:AllowedTeams identify a member")]
    public static partial void EmailNotVouched(ILogger logger, string userId, string teamId, bool confirmed);
}
