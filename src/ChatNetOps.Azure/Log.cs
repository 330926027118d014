namespace ChatNetOps.Azure;

using Microsoft.Extensions.Logging;

/// <summary>Azure backend log events (EventIds 6000-6099). Never logs keys, tokens, SAS signatures or secret values.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Warning, Message = "Cosmos:AcceptAnyServerCertificate is on: TLS certificates of {Endpoint} are NOT validated. Use this only against a local test server.")]
    public static partial void AcceptingAnyCertificate(ILogger logger, Uri endpoint);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Cosmos database {Database} and its containers are ready at {Endpoint}")]
    public static partial void CosmosReady(ILogger logger, string database, Uri endpoint);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Debug, Message = "Cosmos {Operation} on {Container}: {StatusCode}, {RequestCharge} RU")]
    public static partial void CosmosCharge(ILogger logger, string operation, string container, int statusCode, double requestCharge);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Warning, Message = "Service Bus {Operation} on {Queue} failed with {StatusCode}; retrying in {Delay}")]
    public static partial void ServiceBusRetry(ILogger logger, string operation, string queue, int statusCode, TimeSpan delay);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Information, Message = "Service Bus send to {Queue} of message {MessageId} was a duplicate or accepted ({StatusCode})")]
    public static partial void ServiceBusSent(ILogger logger, string queue, string messageId, int statusCode);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Warning, Message = "Service Bus message {MessageId} on {Queue} could not be deserialized and was abandoned: {Error}")]
    public static partial void ServiceBusBadMessage(ILogger logger, string queue, string? messageId, string error);

    [LoggerMessage(EventId = 6013, Level = LogLevel.Information, Message = "Service Bus endpoint {Endpoint} uses {Scheme} authorization")]
    public static partial void ServiceBusAuthorization(ILogger logger, Uri endpoint, string scheme);

    [LoggerMessage(EventId = 6020, Level = LogLevel.Debug, Message = "Key Vault credential {CredentialRef} read from secret {SecretName}")]
    public static partial void KeyVaultSecretRead(ILogger logger, string credentialRef, string secretName);

    [LoggerMessage(EventId = 6021, Level = LogLevel.Warning, Message = "Key Vault has no secret {SecretName} for credential {CredentialRef}")]
    public static partial void KeyVaultSecretMissing(ILogger logger, string credentialRef, string secretName);
}
