namespace ChatNetOps.Azure.Tests.Cosmos;

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ChatNetOps.Azure.Cosmos;
using ChatNetOps.Azure.Tests.Infrastructure;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>
/// The shared Cosmos DB protocol test server (../shared/tools/cosmos-test-server), started once per test run with
/// its start.sh on a free port and stopped by PID. Each test gets a database of its own.
/// </summary>
public sealed class CosmosTestServer : IAsyncLifetime
{
    // Any base64 string: the test server does not check keys.
    public const string Key = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private int _pid;

    public Uri Endpoint { get; private set; } = null!;

    public CosmosClient Client { get; private set; } = null!;

    public CosmosRequestCharges Charges { get; } = new();

    public static CosmosOptions OptionsFor(Uri endpoint, string database) => new()
    {
        Endpoint = endpoint,
        Database = database,
        Key = Key,
        AcceptAnyServerCertificate = true,
    };

    public async Task InitializeAsync()
    {
        var script = Path.Combine(RepositoryPaths.Shared, "tools", "cosmos-test-server", "start.sh");
        var port = FreePort();
        var work = Path.Combine(Path.GetTempPath(), "chatnetops-cosmos-test-server");
        var start = new ProcessStartInfo("bash", [script, port.ToString(System.Globalization.CultureInfo.InvariantCulture), work])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        if (process.ExitCode != 0 || !int.TryParse((await stdout).Trim(), out _pid))
        {
            throw new InvalidOperationException($"The Cosmos test server did not start (exit {process.ExitCode}): {await stderr}");
        }

        Endpoint = new Uri($"https://127.0.0.1:{port}/");
        Client = CosmosClientFactory.Create(OptionsFor(Endpoint, "unused"), new StaticTokenCredential(), NullLogger.Instance);
    }

    /// <summary>
    /// A fresh database (its containers are created on first use), on <paramref name="time"/>. The server numbers
    /// databases in creation order and writes resource ids in plain base64, so every 64th database gets an id with a
    /// '/' in it, which breaks the server's own id-based routes (partition key ranges answer 404 "stale cache").
    /// Such a database is skipped: the test gets the next one.
    /// </summary>
    public CosmosContainers NewDatabase(TimeProvider time, string? name = null)
    {
        var database = name ?? UsableDatabaseName();
        return new(Client, OptionsFor(Endpoint, database), Charges, time, NullLogger.Instance, ownsClient: false);
    }

    private string UsableDatabaseName()
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var name = "t" + Guid.NewGuid().ToString("N")[..12];
            var created = Client.CreateDatabaseAsync(name).GetAwaiter().GetResult();
            var selfLink = created.Resource.SelfLink;
            if (selfLink.Trim('/').Split('/').Length == 2)
            {
                return name;
            }
        }

        throw new InvalidOperationException("The Cosmos test server kept giving databases resource ids with '/' in them.");
    }

    public Task DisposeAsync()
    {
        Client?.Dispose();
        if (_pid > 0)
        {
            try
            {
                using var server = Process.GetProcessById(_pid);
                server.Kill();
            }
            catch (ArgumentException)
            {
                // already gone
            }
        }

        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
