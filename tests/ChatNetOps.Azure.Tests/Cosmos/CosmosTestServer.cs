namespace ChatNetOps.Azure.Tests.Cosmos;

using ChatNetOps.Azure.Cosmos;
using ChatNetOps.Azure.Tests.Infrastructure;
using ChatNetOps.Testing.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>
/// The project's Cosmos DB protocol test server (tests/cosmos-server, see <see cref="CosmosProtocolServer"/>), started once
/// per test run on a free port and stopped with the run. Each test gets a database of its own. This process does not
/// trust the server's test certificate authority, so its clients use Gateway mode with
/// <see cref="CosmosOptions.AcceptAnyServerCertificate"/>.
/// </summary>
public sealed class CosmosTestServer : IAsyncLifetime
{
    public const string Key = CosmosProtocolServer.Key;

    private readonly string _work = Path.Combine(Path.GetTempPath(), "chatnetops-cosmos-" + Guid.NewGuid().ToString("N")[..12]);
    private CosmosProtocolServer? _server;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The PEM certificate of the authority that issued the server's certificate.</summary>
    public string CertificateAuthorityPath => _server?.CertificateAuthorityPath ?? throw new InvalidOperationException("Not started.");

    public CosmosClient Client { get; private set; } = null!;

    public CosmosRequestCharges Charges { get; } = new();

    public static CosmosOptions OptionsFor(Uri endpoint, string database) => new()
    {
        Endpoint = endpoint,
        Database = database,
        Key = Key,
        ConnectionMode = ConnectionMode.Gateway,
        AcceptAnyServerCertificate = true,
    };

    public async Task InitializeAsync()
    {
        _server = await CosmosProtocolServer.StartAsync(_work);
        Endpoint = _server.Endpoint;
        Client = CosmosClientFactory.Create(OptionsFor(Endpoint, "unused"), new StaticTokenCredential(), NullLogger.Instance);
    }

    /// <summary>A fresh database (it and its containers are created on first use), on <paramref name="time"/>.</summary>
    public CosmosContainers NewDatabase(TimeProvider time, string? name = null)
    {
        var database = name ?? "t" + Guid.NewGuid().ToString("N")[..12];
        return new(Client, OptionsFor(Endpoint, database), Charges, time, NullLogger.Instance, ownsClient: false);
    }

    public Task DisposeAsync()
    {
        Client?.Dispose();
        _server?.Dispose();
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // left in the temp folder
        }
        catch (UnauthorizedAccessException)
        {
            // left in the temp folder
        }

        return Task.CompletedTask;
    }
}
