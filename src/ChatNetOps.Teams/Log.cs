namespace ChatNetOps.Teams;

using ChatNetOps.Teams.Hosting;
using Microsoft.Extensions.Logging;

/// <summary>The ChatNetOps.Teams log messages, all in one place (EventIds: the project's range in docs/architecture.md, "Logging and tracing").</summary>
internal static partial class Log
{
    // Auth/TeamsAuthDenials
    [LoggerMessage(EventId = 6010, Level = LogLevel.Warning, Message = "Refused a request to /api/messages: {Reason} (from {RemoteAddress}, channel {ChannelId})")]
    public static partial void Refused(ILogger logger, string reason, string remoteAddress, string channelId);

    // Auth/BotConnectorKeys
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Read {Count} Bot Connector signing keys (metadata {MetadataUrl})")]
    public static partial void KeysRead(ILogger logger, int count, Uri metadataUrl);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Error, Message = "Could not read {Url} for the Bot Connector signing keys; keeping the keys read before, if any")]
    public static partial void KeysReadFailed(ILogger logger, Uri url, Exception exception);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "A token named signing key {Kid}, which was not known: the keys were read again")]
    public static partial void UnknownKeyRefresh(ILogger logger, string kid);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Error, Message = "No Bot Connector signing keys could be read from {MetadataUrl}: every token is refused until they can be")]
    public static partial void KeysUnavailable(ILogger logger, Uri metadataUrl, Exception exception);

    // Hosting/TeamsStartupCheck
    [LoggerMessage(EventId = 6030, Level = LogLevel.Information, Message = "Teams: /api/messages validates Bot Connector tokens for app {AppId} ({AppType}); keys from {MetadataUrl}")]
    public static partial void Enabled(ILogger logger, BotAppType appType, string appId, Uri metadataUrl);

    [LoggerMessage(EventId = 6031, Level = LogLevel.Warning, Message = "Teams: MicrosoftAppId is not set, so /api/messages accepts UNAUTHENTICATED requests - only because this is Development, and only from loopback (127.0.0.1/::1) with a loopback serviceUrl. Set MicrosoftAppId, MicrosoftAppType, MicrosoftAppTenantId and MicrosoftAppPassword before exposing the bot.")]
    public static partial void DisabledDevelopment(ILogger logger);

    [LoggerMessage(EventId = 6032, Level = LogLevel.Warning, Message = "Teams: MicrosoftAppId is not set in {Environment}, so /api/messages refuses every request (401). Set MicrosoftAppId, MicrosoftAppType, MicrosoftAppTenantId and MicrosoftAppPassword to serve Teams.")]
    public static partial void NotConfigured(ILogger logger, string environment);

    // Hosting/MessagesEndpoint
    [LoggerMessage(EventId = 6020, Level = LogLevel.Debug, Message = "Teams {Type} {Name} in {Conversation}")]
    public static partial void Received(ILogger logger, string type, string name, string conversation);

    [LoggerMessage(EventId = 6021, Level = LogLevel.Warning, Message = "Refused a request to /api/messages from {RemoteAddress}: the body is larger than 512 KiB")]
    public static partial void TooLarge(ILogger logger, string remoteAddress);

    // Activities/TeamsConversationNames
    [LoggerMessage(EventId = 6212, Level = LogLevel.Debug, Message = "The name of {Conversation} could not be looked up")]
    public static partial void ConversationNameLookupFailed(ILogger logger, string conversation, Exception exception);

    // Activities/TeamsMessenger
    [LoggerMessage(EventId = 6105, Level = LogLevel.Debug, Message = "Approver {UserId} has no Teams MRI in conversation {Conversation}; left out of refresh.userIds")]
    public static partial void RefreshIdUnresolved(ILogger logger, string userId, string conversation);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Error, Message = "Could not deliver a {Kind} message to Teams conversation {Conversation}")]
    public static partial void DeliveryFailed(ILogger logger, string conversation, string kind, Exception exception);

    // Activities/MessageActivityHandler
    [LoggerMessage(EventId = 6201, Level = LogLevel.Debug, Message = "Ignored an empty message in {Conversation}")]
    public static partial void Ignored(ILogger logger, string conversation);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Warning, Message = "Ignored a message in {Conversation} without an AAD object id: Teams vouches for no identity")]
    public static partial void NoIdentity(ILogger logger, string conversation);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Warning, Message = "A message in {Conversation} carried no serviceUrl; the answer cannot be sent")]
    public static partial void NoServiceUrl(ILogger logger, string conversation);

    // Activities/WelcomeHandler
    [LoggerMessage(EventId = 6210, Level = LogLevel.Warning, Message = "No welcome in {Conversation}: the chat state store could not record it")]
    public static partial void WelcomeSkipped(ILogger logger, string conversation, Exception exception);

    [LoggerMessage(EventId = 6211, Level = LogLevel.Debug, Message = "The name of {Conversation} could not be kept")]
    public static partial void NameNotKept(ILogger logger, string conversation, Exception exception);

    // Invoke/CardActionInvokeHandler
    [LoggerMessage(EventId = 6301, Level = LogLevel.Warning, Message = "Card action {Verb} took longer than {Seconds} s; answered 'working on it' and let it finish")]
    public static partial void Slow(ILogger logger, string verb, double seconds);

    [LoggerMessage(EventId = 6302, Level = LogLevel.Error, Message = "Card action {Verb} failed")]
    public static partial void Failed(ILogger logger, string verb, Exception exception);

    // Connector/TeamsMemberDirectory
    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Could not look up Teams member {UserId}")]
    public static partial void MemberLookupFailed(ILogger logger, string userId, Exception exception);

    // Connector/ServiceUrlRegistry
    [LoggerMessage(EventId = 6104, Level = LogLevel.Warning, Message = "Could not save the serviceUrl of Teams conversation {Conversation}; results will reach it only while this process runs")]
    public static partial void SaveFailed(ILogger logger, string conversation, Exception exception);

    // Connector/ConnectorResilience
    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Connector {Method} {Path} answered {Status}; retrying in {DelayMs} ms (attempt {Attempt})")]
    public static partial void Retrying(ILogger logger, string method, string? path, int status, double delayMs, int attempt);
}
