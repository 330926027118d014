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
        var clientOptions = new CosmosClientOptions
        {
            ApplicationName = "ChatNetOps",
            MaxRetryAttemptsOnRateLimitedRequests = options.MaxRateLimitRetries,
            MaxRetryWaitTimeOnRateLimitedRequests = options.MaxRateLimitWait,
            EnableContentResponseOnWrite = true,
        };
        if (options.AcceptAnyServerCertificate)
        {
            Log.AcceptingAnyCertificate(logger, endpoint);
            clientOptions.ConnectionMode = ConnectionMode.Gateway;
            clientOptions.LimitToEndpoint = true;
            clientOptions.HttpClientFactory = () => new HttpClient(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
            });
        }

        return string.IsNullOrEmpty(options.Key)
            ? new CosmosClient(endpoint.AbsoluteUri, credential, clientOptions)
            : new CosmosClient(endpoint.AbsoluteUri, options.Key, clientOptions);
    }
}
