namespace ChatNetOps.ScaleOut.Tests.Infrastructure;

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

/// <summary>
/// The shared Cosmos DB protocol test server (../shared/tools/cosmos-test-server), started with its start.sh on a free
/// port, as the Azure tests start it, and stopped by PID. It keeps its data in memory and does not check keys.
/// </summary>
internal sealed class CosmosServerProcess : IDisposable
{
    /// <summary>Any base64 string: the test server does not check keys.</summary>
    public const string Key = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private readonly int _pid;

    private CosmosServerProcess(int pid, Uri endpoint, string workDirectory)
    {
        _pid = pid;
        Endpoint = endpoint;
        WorkDirectory = workDirectory;
    }

    public Uri Endpoint { get; }

    public string WorkDirectory { get; }

    /// <summary>
    /// Starts a server whose certificate and server.log go to <paramref name="work"/> (a folder of this run, so the log
    /// sits beside the worker logs); node_modules is linked from the Azure tests' folder when that one has it (saves an
    /// npm install), otherwise start.sh installs it there.
    /// </summary>
    public static async Task<CosmosServerProcess> StartAsync(string work)
    {
        var script = Path.Combine(RepositoryPaths.Shared, "tools", "cosmos-test-server", "start.sh");
        var port = FreePort();
        Directory.CreateDirectory(work);
        var cached = Path.Combine(Path.GetTempPath(), "chatnetops-cosmos-test-server", "node_modules");
        var modules = Path.Combine(work, "node_modules");
        if (!Directory.Exists(modules) && Directory.Exists(Path.Combine(cached, "@vercel", "cosmosdb-server")))
        {
            Directory.CreateSymbolicLink(modules, cached);
        }

        var start = new ProcessStartInfo("bash", [script, port.ToString(CultureInfo.InvariantCulture), work])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        if (process.ExitCode != 0 || !int.TryParse((await stdout).Trim(), out var pid))
        {
            throw new InvalidOperationException($"The Cosmos test server did not start (exit {process.ExitCode}): {await stderr}");
        }

        return new CosmosServerProcess(pid, new Uri($"https://127.0.0.1:{port}/"), work);
    }

    public void Dispose()
    {
        try
        {
            using var server = Process.GetProcessById(_pid);
            server.Kill(entireProcessTree: true);
        }
        catch (ArgumentException)
        {
            // already gone
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
