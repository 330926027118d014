namespace ChatNetOps.Azure.Cosmos;

using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;

/// <summary>
/// The database and its containers (<see cref="CosmosContainerNames.All"/>), created once per process when missing (the first store call waits for it;
/// a failure is retried by the next call). Partition keys follow the access paths; see docs/azure-backends.md.
/// </summary>
public sealed class CosmosContainers : IDisposable
{
    private readonly CosmosClient _client;
    private readonly CosmosOptions _options;
    private readonly CosmosRequestCharges _charges;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly bool _ownsClient;
    private Dictionary<string, CosmosCollection>? _collections;

    internal CosmosContainers(CosmosClient client, CosmosOptions options, CosmosRequestCharges charges, TimeProvider time, ILogger logger, bool ownsClient)
    {
        _client = client;
        _options = options;
        _charges = charges;
        _time = time;
        _logger = logger;
        _ownsClient = ownsClient;
    }

    public CosmosClient Client => _client;

    public string DatabaseName => _options.Database;

    public CosmosRequestCharges Charges => _charges;

    /// <summary>The SDK container for <paramref name="name"/> (one of <see cref="CosmosContainerNames.All"/>), created if missing.</summary>
    public async Task<Container> GetContainerAsync(string name, CancellationToken cancellationToken) =>
        (await GetAsync(name, cancellationToken)).Container;

    internal async Task<CosmosCollection> GetAsync(string name, CancellationToken cancellationToken)
    {
        var collections = _collections ?? await InitializeAsync(cancellationToken);
        return collections.TryGetValue(name, out var collection)
            ? collection
            : throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown ChatNetOps container.");
    }

    /// <summary>Reads the database (and so the account): null when reachable, otherwise what failed (no secrets).</summary>
    internal async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await InitializeAsync(cancellationToken);
            using var response = await _client.GetDatabase(_options.Database).ReadStreamAsync(cancellationToken: cancellationToken);
            return response.IsSuccessStatusCode ? null : $"Cosmos DB database '{_options.Database}' answered {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is CosmosException or HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            return $"Cosmos DB at {_options.Endpoint} is not reachable: {e.GetType().Name}";
        }
    }

    public void Dispose()
    {
        _gate.Dispose();
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private async Task<Dictionary<string, CosmosCollection>> InitializeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_collections is { } ready)
            {
                return ready;
            }

            Database database;
            if (_options.CreateIfMissing)
            {
                var throughput = _options.DatabaseThroughput is { } ru ? ThroughputProperties.CreateManualThroughput(ru) : null;
                database = (await _client.CreateDatabaseIfNotExistsAsync(_options.Database, throughput, cancellationToken: cancellationToken)).Database;
            }
            else
            {
                database = _client.GetDatabase(_options.Database);
            }

            var collections = new Dictionary<string, CosmosCollection>(StringComparer.Ordinal);
            foreach (var (name, partitionKeyPath, defaultTtl) in CosmosContainerNames.All)
            {
                Container container;
                if (_options.CreateIfMissing)
                {
                    var properties = new ContainerProperties(name, partitionKeyPath) { DefaultTimeToLive = defaultTtl };
                    container = (await database.CreateContainerIfNotExistsAsync(properties, cancellationToken: cancellationToken)).Container;
                }
                else
                {
                    container = database.GetContainer(name);
                }

                collections[name] = new CosmosCollection(container, _charges, _time, _logger);
            }

            Log.CosmosReady(_logger, _options.Database, _client.Endpoint);
            _collections = collections;
            return collections;
        }
        finally
        {
            _gate.Release();
        }
    }
}
