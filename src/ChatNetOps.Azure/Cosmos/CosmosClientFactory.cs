namespace ChatNetOps.Azure.Cosmos;

using global::Azure.Core;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;

/// <summary>Builds the one <see cref="CosmosClient"/> of a process from <see cref="CosmosOptions"/>.</summary>
internal static class CosmosClientFactory
{
    public static CosmosClient Create(CosmosOptions options, TokenCredential credential, ILogger logger)
    {
        var endpoint = options.Endpoint ?? throw new InvalidOperationException("Cosmos:Endpoint is required when Storage:Provider is Cosmos.");
        var clientOptions = ClientOptions(options);
        if (options.AcceptAnyServerCertificate)
        {
            Log.AcceptingAnyCertificate(logger, endpoint);
        }

        return string.IsNullOrEmpty(options.Key)
            ? new CosmosClient(endpoint.AbsoluteUri, credential, clientOptions)
            : new CosmosClient(endpoint.AbsoluteUri, options.Key, clientOptions);
    }

    /// <summary>
    /// The SDK settings: the connection mode as configured; certificate validation as the platform does it unless
    /// <see cref="CosmosOptions.AcceptAnyServerCertificate"/> (the SDK's own callback, which covers the HTTPS gateway
    /// and Direct mode's TCP connections alike).
    /// </summary>
    internal static CosmosClientOptions ClientOptions(CosmosOptions options) => new()
    {
        ApplicationName = "ChatNetOps",
        ConnectionMode = options.ConnectionMode,
        LimitToEndpoint = options.LimitToEndpoint,
        MaxRetryAttemptsOnRateLimitedRequests = options.MaxRateLimitRetries,
        MaxRetryWaitTimeOnRateLimitedRequests = options.MaxRateLimitWait,
        EnableContentResponseOnWrite = true,
        ServerCertificateCustomValidationCallback = options.AcceptAnyServerCertificate ? static (_, _, _) => true : null,
    };
}
