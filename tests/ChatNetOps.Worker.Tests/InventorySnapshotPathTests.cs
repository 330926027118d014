namespace ChatNetOps.Worker.Tests;

using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Inventory.Sources;
using ChatNetOps.Testing.Hosting;

/// <summary>
/// With a NetBox source and no <c>Storage:Sqlite:Path</c>, the Worker host, run as its own process, keeps the source's
/// snapshot beside its default database in the per-user data directory (here <c>$XDG_DATA_HOME/chatnetops</c>), not in a
/// <c>data/</c> folder under whatever directory it was started from. Before, the default was <c>./data/inventory-snapshot.json</c>,
/// so a worker started elsewhere did not find the snapshot the bot or <c>chatnetops inventory refresh</c> had written.
/// </summary>
public sealed class InventorySnapshotPathTests : IDisposable
{
    private const string NetBox = "http://127.0.0.1:1";
    private static readonly string WorkerDll = Path.Combine(AppContext.BaseDirectory, "ChatNetOps.Worker.dll");
    private readonly string _dataHome = Path.Combine(Path.GetTempPath(), "chatnetops-worker-xdg-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dataHome, recursive: true);

    [Fact]
    public async Task WorkerHost_WithoutAStoragePath_ServesTheSnapshotInThePerUserDataDirectory()
    {
        var snapshot = Path.Combine(_dataHome, "chatnetops", "inventory-snapshot.json");
        await new SourceSnapshotFile("NetBox", NetBox, new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), "v1", []).WriteAsync(snapshot, CancellationToken.None);

        // NetBox itself is unreachable (port 1 on loopback refuses): the worker serves the snapshot, stale.
        var run = await HostProcess.RunUntilLoggedAsync(
            WorkerDll,
            new Dictionary<string, string>
            {
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["XDG_DATA_HOME"] = _dataHome,
                ["Inventory__Path"] = InventoryPaths.Resolve("inventory"),
                ["Inventory__Source__NetBox__Url"] = NetBox,
                ["Inventory__Source__NetBox__Token"] = "test-token-not-a-secret",
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__ChatNetOps.Core.Inventory"] = "Information",
            },
            $"from {snapshot}",
            TimeSpan.FromSeconds(60));

        var served = Assert.Single(run.Output.Split('\n'), l => l.Contains($"from {snapshot}", StringComparison.Ordinal));
        Assert.Contains("Serving the NetBox snapshot of ", served, StringComparison.Ordinal);
        Assert.EndsWith($"(0 devices) from {snapshot}", served, StringComparison.Ordinal);

        // The database it opened is the per-user default beside it.
        Assert.True(File.Exists(Path.Combine(_dataHome, "chatnetops", "chatnetops.db")));
    }
}
