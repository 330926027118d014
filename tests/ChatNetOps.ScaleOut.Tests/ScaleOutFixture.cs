namespace ChatNetOps.ScaleOut.Tests;

using System.Globalization;
using ChatNetOps.ScaleOut.Tests.Infrastructure;
using ChatNetOps.ServiceBusBroker;

/// <summary>
/// One scale-out deployment for the whole collection: the Cosmos protocol test server (a node process), the Service
/// Bus-shaped AMQP broker (tests/ServiceBusBroker) on a real 127.0.0.1 port with the real clock (hosted in this process,
/// so tests can look at its queues; every process reaches it through Azure.Messaging.ServiceBus), two
/// Worker host processes (<c>dotnet ChatNetOps.Worker.dll</c>, worker-a and worker-b) configured only through their
/// environment, and two Bot-role compositions of Core in this process (see <see cref="BotComposition"/>).
/// Worker output goes to tests/ChatNetOps.ScaleOut.Tests/TestResults/scale-out/{database}/worker-*.log.
/// </summary>
public sealed class ScaleOutFixture : IAsyncLifetime
{
    public const string WorkerA = "worker-a";
    public const string WorkerB = "worker-b";

    /// <summary>dist-sw-02 answers each command after a minute, so a job on it is still running when its worker is killed.</summary>
    public const string SlowDevice = "dist-sw-02";

    /// <summary>
    /// Short, so an abandoned run is marked Interrupted within seconds. Not shorter: the worker starts renewing only after
    /// the claim's Started audit append, which takes seconds when 200 jobs contend for one day's audit chain on the test
    /// server; with 6 s, live runs were interrupted (see the report of issue 7).
    /// </summary>
    public static readonly TimeSpan RunLease = TimeSpan.FromSeconds(15);

    /// <summary>The queues' lockDuration: a killed worker's job is redelivered this long after its last lock renewal.</summary>
    public static readonly TimeSpan QueueLockDuration = TimeSpan.FromSeconds(10);

    /// <summary>The queues' maxDeliveryCount, as infra sets it.</summary>
    public const int MaxDeliveryCount = 10;

    private readonly Dictionary<string, WorkerProcess> _workers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _workerGate = new(1, 1);
    private CosmosServerProcess? _cosmos;
    private Broker? _serviceBus;
    private Dictionary<string, string> _shared = [];
    private string _workerDll = string.Empty;
    private string _workerCopy = string.Empty;

    public string Database { get; } = "scaleout" + Guid.NewGuid().ToString("N")[..10];

    public string LogDirectory { get; private set; } = string.Empty;

    internal BotComposition Bot { get; private set; } = null!;

    /// <summary>A second Bot-role composition (its own Cosmos client and HTTP clients), as a second bot replica would be.</summary>
    internal BotComposition SecondBot { get; private set; } = null!;

    public Broker ServiceBus => _serviceBus ?? throw new InvalidOperationException("Not started.");

    public BrokerQueue JobsQueue => ServiceBus.Find("jobs") ?? throw new InvalidOperationException("No jobs queue.");

    /// <summary>The environment every process of the deployment gets (the workers, the CLI).</summary>
    public IReadOnlyDictionary<string, string> Shared => _shared;

    internal WorkerProcess Worker(string workerId) => _workers[workerId];

    /// <summary>
    /// Writes a request document straight into the Cosmos requests container, as a bad migration or a hand edit would:
    /// <paramref name="json"/> need not be a request the stores can read.
    /// </summary>
    public async Task WriteRawRequestAsync(string id, string json)
    {
        using var client = new Microsoft.Azure.Cosmos.CosmosClient(_cosmos!.Endpoint.AbsoluteUri, CosmosServerProcess.Key, new Microsoft.Azure.Cosmos.CosmosClientOptions
        {
            ConnectionMode = Microsoft.Azure.Cosmos.ConnectionMode.Gateway,
            LimitToEndpoint = true,
            HttpClientFactory = () => new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator }),
        });
        using var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        using var response = await client.GetContainer(Database, "requests").CreateItemStreamAsync(body, new Microsoft.Azure.Cosmos.PartitionKey(id));
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Writing raw request {id} failed: {(int)response.StatusCode} {response.ErrorMessage}");
        }
    }

    public async Task InitializeAsync()
    {
        RemoveOldRuns(keep: 4);
        LogDirectory = Path.Combine(RepositoryPaths.Results, Database);
        Directory.CreateDirectory(LogDirectory);
        _workerCopy = Path.Combine(Path.GetTempPath(), "chatnetops-scaleout-worker-" + Database);
        _workerDll = WorkerProcess.CopyBuildOutput(_workerCopy);

        var cosmos = CosmosServerProcess.StartAsync(Path.Combine(LogDirectory, "cosmos"));
        _serviceBus = Broker.Start();
        var queueSettings = new QueueSettings { LockDuration = QueueLockDuration, MaxDeliveryCount = MaxDeliveryCount };
        _serviceBus.CreateQueue("jobs", queueSettings);
        _serviceBus.CreateQueue("results", queueSettings);
        _cosmos = await cosmos;

        _shared = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Inventory__Path"] = RepositoryPaths.Inventory,
            ["Storage__Provider"] = "Cosmos",
            ["Cosmos__Endpoint"] = _cosmos.Endpoint.ToString(),
            ["Cosmos__Key"] = CosmosServerProcess.Key,
            ["Cosmos__ConnectionMode"] = "Gateway",
            ["Cosmos__AcceptAnyServerCertificate"] = "true",
            ["Cosmos__Database"] = Database,
            ["Queue__Provider"] = "ServiceBus",
            ["ServiceBus__ConnectionString"] = _serviceBus.ConnectionString(),
            ["Requests__RunLease"] = Format(RunLease),

            // Every process anchors the audit chains in one checkpoint file with one key (appends take turns by file lock).
            ["Audit__Checkpoints__Provider"] = "File",
            ["Audit__Checkpoints__Path"] = Path.Combine(LogDirectory, "audit-checkpoints.jsonl"),
            ["Audit__Key__Provider"] = "File",
            ["Audit__Key__Path"] = Path.Combine(LogDirectory, "audit-key"),
        };
        Bot = new BotComposition(_shared);
        SecondBot = new BotComposition(_shared);

        // Create the database and containers once, before three processes race to create them.
        await Bot.Store.GetAsync("R-00000000", CancellationToken.None);
        await EnsureWorkersAsync();
    }

    /// <summary>Starts any worker that is not running (a previous test may have killed one) and waits until both consume jobs.</summary>
    public async Task EnsureWorkersAsync()
    {
        await _workerGate.WaitAsync();
        try
        {
            var starting = new List<WorkerProcess>();
            foreach (var id in new[] { WorkerA, WorkerB })
            {
                if (_workers.TryGetValue(id, out var existing))
                {
                    if (!existing.HasExited)
                    {
                        continue;
                    }

                    existing.Dispose();
                }

                var worker = WorkerProcess.Start(_workerDll, id, WorkerEnvironment(id), LogDirectory);
                _workers[id] = worker;
                starting.Add(worker);
            }

            foreach (var worker in starting)
            {
                await Poll.UntilAsync(
                    () => worker.HasExited
                        ? throw new InvalidOperationException($"{worker.WorkerId} exited during start; {worker.LogPath}:\n{worker.Tail()}")
                        : worker.Logged($"Worker {worker.WorkerId} consuming jobs"),
                    $"{worker.WorkerId} to consume jobs",
                    TimeSpan.FromSeconds(90));
            }
        }
        finally
        {
            _workerGate.Release();
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var worker in _workers.Values)
        {
            worker.Dispose();
        }

        if (Bot is not null)
        {
            await Bot.DisposeAsync();
        }

        if (SecondBot is not null)
        {
            await SecondBot.DisposeAsync();
        }

        if (_serviceBus is not null)
        {
            await _serviceBus.DisposeAsync();
        }

        _cosmos?.Dispose();
        _workerGate.Dispose();
        if (_workerCopy.Length > 0 && Directory.Exists(_workerCopy))
        {
            try
            {
                Directory.Delete(_workerCopy, recursive: true);
            }
            catch (IOException)
            {
                // left in the temp folder
            }
        }
    }

    private Dictionary<string, string> WorkerEnvironment(string workerId) => new(_shared, StringComparer.Ordinal)
    {
        ["DOTNET_ENVIRONMENT"] = "Development",
        ["Worker__WorkerId"] = workerId,
        // The workers validate the test server's certificate: they trust its test CA (OpenSSL's SSL_CERT_FILE).
        ["Cosmos__AcceptAnyServerCertificate"] = "false",
        ["SSL_CERT_FILE"] = _cosmos!.CertificateAuthorityPath,
        ["Worker__ReceiveWait"] = "00:00:02",
        ["Worker__SweepInterval"] = "00:00:01",
        ["Lab__Latency"] = "00:00:00.050",
        [$"Lab__Devices__{SlowDevice}__Latency"] = "00:01:00",
        // A cleared OSPF neighbour is FULL again at once: clear-ospf-neighbor's post-check holds at its first look.
        ["Lab__OspfRecovery"] = "00:00:00",
        ["Logging__LogLevel__Default"] = "Information",
        ["Logging__LogLevel__System.Net.Http"] = "Warning",
        ["Logging__LogLevel__ChatNetOps.Execution"] = "Warning",
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
    };

    /// <summary>Keeps the logs of the last few runs only.</summary>
    private static void RemoveOldRuns(int keep)
    {
        if (!Directory.Exists(RepositoryPaths.Results))
        {
            return;
        }

        foreach (var old in new DirectoryInfo(RepositoryPaths.Results).GetDirectories("scaleout*").OrderByDescending(d => d.CreationTimeUtc).Skip(keep))
        {
            try
            {
                var modules = new DirectoryInfo(Path.Combine(old.FullName, "cosmos", "node_modules"));
                if (modules.LinkTarget is not null)
                {
                    modules.Delete(); // the link only, never the Azure tests' node_modules it points to
                }

                old.Delete(recursive: true);
            }
            catch (IOException)
            {
                // in use by a concurrent run; next time
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
