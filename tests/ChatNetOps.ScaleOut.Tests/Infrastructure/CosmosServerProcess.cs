namespace ChatNetOps.ScaleOut.Tests.Infrastructure;

using ChatNetOps.Testing.Cosmos;

/// <summary>
/// The project's Cosmos DB protocol test server (tests/cosmos-server, see <see cref="CosmosProtocolServer"/>) on a free
/// port, as the Azure tests start it. It keeps its data in memory and does not check keys. Its certificate is issued by
/// <see cref="CertificateAuthorityPath"/>, which the worker processes trust (SSL_CERT_FILE), so they validate TLS.
/// </summary>
internal sealed class CosmosServerProcess : IDisposable
{
    /// <summary>Any base64 string: the test server does not check keys.</summary>
    public const string Key = CosmosProtocolServer.Key;

    private readonly CosmosProtocolServer _server;

    private CosmosServerProcess(CosmosProtocolServer server, string workDirectory)
    {
        _server = server;
        WorkDirectory = workDirectory;
    }

    public Uri Endpoint => _server.Endpoint;

    /// <summary>The PEM certificate of the authority that issued the server's certificate.</summary>
    public string CertificateAuthorityPath => _server.CertificateAuthorityPath;

    public string WorkDirectory { get; }

    /// <summary>Starts a server whose certificates and server.log go to <paramref name="work"/> (beside the worker logs).</summary>
    public static async Task<CosmosServerProcess> StartAsync(string work) =>
        new(await CosmosProtocolServer.StartAsync(work), work);

    public void Dispose() => _server.Dispose();
}
