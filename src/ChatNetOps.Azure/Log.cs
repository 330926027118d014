namespace ChatNetOps.Azure;

using Microsoft.Extensions.Logging;

/// <summary>Azure backend log events (EventIds 8000–8999, docs/architecture.md). Never logs keys, tokens, SAS signatures or secret values.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8000, Level = LogLevel.Warning, Message = "Cosmos:AcceptAnyServerCertificate is on: TLS certificates of {Endpoint} are NOT validated. Use this only against a local test server.")]
    public static partial void AcceptingAnyCertificate(ILogger logger, Uri endpoint);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Cosmos database {Database} and its containers are ready at {Endpoint}")]
    public static partial void CosmosReady(ILogger logger, string database, Uri endpoint);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Debug, Message = "Cosmos {Operation} on {Container}: {StatusCode}, {RequestCharge} RU")]
    public static partial void CosmosCharge(ILogger logger, string operation, string container, int statusCode, double requestCharge);

    [LoggerMessage(EventId = 8010, Level = LogLevel.Error, Message = "Service Bus processor on {Queue} reported an error from {ErrorSource} on {EntityPath}")]
    public static partial void ServiceBusProcessorError(ILogger logger, Exception exception, string queue, string errorSource, string entityPath);

    [LoggerMessage(EventId = 8011, Level = LogLevel.Debug, Message = "Service Bus sent message {MessageId} to {Queue} (a duplicate within the detection window is dropped by the service)")]
    public static partial void ServiceBusSent(ILogger logger, string queue, string messageId);

    [LoggerMessage(EventId = 8012, Level = LogLevel.Warning, Message = "Service Bus message {MessageId} on {Queue} could not be read and was dead-lettered: {Error}")]
    public static partial void ServiceBusBadMessage(ILogger logger, string queue, string? messageId, string error);

    [LoggerMessage(EventId = 8013, Level = LogLevel.Information, Message = "Service Bus namespace {Namespace} uses {Identity}")]
    public static partial void ServiceBusIdentity(ILogger logger, string @namespace, string identity);

    [LoggerMessage(EventId = 8014, Level = LogLevel.Information, Message = "Service Bus processor consuming {Queue}: {MaxConcurrentCalls} at a time, prefetch {PrefetchCount}, locks renewed for up to {MaxLockRenewal}")]
    public static partial void ServiceBusConsuming(ILogger logger, string queue, int maxConcurrentCalls, int prefetchCount, TimeSpan maxLockRenewal);

    [LoggerMessage(EventId = 8015, Level = LogLevel.Warning, Message = "Service Bus lock of message {MessageId} on {Queue} was lost: {Reason}")]
    public static partial void ServiceBusLockLost(ILogger logger, string queue, string? messageId, string reason);

    [LoggerMessage(EventId = 8016, Level = LogLevel.Information, Message = "Service Bus message {MessageId} on {Queue} could not be settled ({Settlement}): its lock was lost, so it is delivered again")]
    public static partial void ServiceBusSettleLockLost(ILogger logger, string queue, string? messageId, string settlement);

    [LoggerMessage(EventId = 8017, Level = LogLevel.Error, Message = "Handling Service Bus message {MessageId} on {Queue} failed; it is abandoned for redelivery")]
    public static partial void ServiceBusHandlerFailed(ILogger logger, Exception exception, string queue, string? messageId);

    [LoggerMessage(EventId = 8018, Level = LogLevel.Information, Message = "Service Bus dead letter {Id} ({Reason}) was requeued on {Queue}")]
    public static partial void ServiceBusRequeued(ILogger logger, string queue, string id, string reason);

    [LoggerMessage(EventId = 8019, Level = LogLevel.Warning, Message = "Service Bus queue {Queue} locks a message for {EntityLock}, less than the {Requested} its consumer renews against: locks may lapse between renewals and work be done twice. Give the queue a lockDuration at least that long, or lower the consumer's (Slack:WorkLockDuration)")]
    public static partial void ServiceBusLockShorterThanAsked(ILogger logger, string queue, TimeSpan entityLock, TimeSpan requested);

    [LoggerMessage(EventId = 8020, Level = LogLevel.Debug, Message = "Key Vault credential {CredentialRef} read from secret {SecretName}")]
    public static partial void KeyVaultSecretRead(ILogger logger, string credentialRef, string secretName);

    [LoggerMessage(EventId = 8021, Level = LogLevel.Warning, Message = "Key Vault has no secret {SecretName} for credential {CredentialRef}")]
    public static partial void KeyVaultSecretMissing(ILogger logger, string credentialRef, string secretName);

    [LoggerMessage(EventId = 8022, Level = LogLevel.Warning, Message = "Service Bus receiver on {Queue} did not close within {Timeout} (its link's drain was not answered); its link is left to the connection's close")]
    public static partial void ServiceBusReceiverCloseAbandoned(ILogger logger, string queue, TimeSpan timeout);
}
