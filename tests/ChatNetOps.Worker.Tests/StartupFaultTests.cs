namespace ChatNetOps.Worker.Tests;

using ChatNetOps.Core.Inventory;
using ChatNetOps.Testing.Hosting;
using ChatNetOps.Testing.Storage;

/// <summary>
/// The Worker host, run as its own process, on a Storage:Sqlite:Path that cannot be used: one line on stderr naming the
/// file and what is wrong, exit code 1. Before, it aborted with an unhandled SqliteException that did not name the file
/// (not a database), or started and failed every job receive (a damaged page).
/// </summary>
public sealed class StartupFaultTests : IDisposable
{
    private static readonly string WorkerDll = Path.Combine(AppContext.BaseDirectory, "ChatNetOps.Worker.dll");
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatnetops-worker-start-" + Guid.NewGuid().ToString("N"));

    public StartupFaultTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task WorkerHost_OnAFileThatIsNotADatabase_ExitsOneNamingTheFile()
    {
        var database = Path.Combine(_directory, "chatnetops.db");
        DamagedDatabaseFiles.WriteNotADatabase(database);

        var exit = await RunWorkerAsync(database);

        Assert.Equal(1, exit.Code);
        Assert.Equal($"Storage:Sqlite:Path {database}: not a SQLite database; fix or move it.", exit.Error.Trim());
    }

    [Fact]
    public async Task WorkerHost_OnADamagedDatabase_ExitsOneSayingTheIntegrityCheckFailed()
    {
        var database = Path.Combine(_directory, "chatnetops.db");
        DamagedDatabaseFiles.WriteCorrupted(database);

        var exit = await RunWorkerAsync(database);

        Assert.Equal(1, exit.Code);
        Assert.StartsWith($"Storage:Sqlite:Path {database}: the integrity check failed (PRAGMA quick_check: ", exit.Error.Trim(), StringComparison.Ordinal);
        Assert.EndsWith("); fix or move it.", exit.Error.Trim(), StringComparison.Ordinal);
    }

    private static Task<HostProcess.Exit> RunWorkerAsync(string database) =>
        HostProcess.RunToExitAsync(
            WorkerDll,
            new Dictionary<string, string>
            {
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["Storage__Sqlite__Path"] = database,
                ["Inventory__Path"] = InventoryPaths.Resolve("inventory"),
                ["Logging__LogLevel__Default"] = "Warning",
            },
            TimeSpan.FromSeconds(60));
}
