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

    /// <summary>
    /// A bad setting, read while the services are composed (an unknown provider) or when options are bound (a value that
    /// does not convert) or validated: one line naming the key, exit 1, and no "Hosting failed to start" with a stack trace
    /// in the log. Before, the first two aborted the worker (exit 134) with an unhandled exception.
    /// </summary>
    [Theory]
    [InlineData("Storage__Provider", "Sqlit", "Configuration is not valid: Storage:Provider 'Sqlit' is not supported; use one of: Sqlite, Cosmos.")]
    [InlineData("Credentials__Provider", "Vault", "Configuration is not valid: Credentials:Provider 'Vault' is not supported; use one of: File, KeyVault.")]
    [InlineData("Lab__FailureRate", "abc", "Configuration is not valid: Failed to convert configuration value 'abc' at 'Lab:FailureRate' to type 'System.Double'.")]
    [InlineData("Lab__FailureRate", "2", "Configuration is not valid: ")]
    public async Task WorkerHost_WithABadSetting_ExitsOneWithOneLineNamingIt(string key, string value, string line)
    {
        var exit = await RunWorkerAsync(Path.Combine(_directory, "chatnetops.db"), new() { [key] = value });

        Assert.Equal(1, exit.Code);
        var error = exit.Error.Trim();
        Assert.StartsWith(line, error, StringComparison.Ordinal);
        Assert.Contains(key.Replace("__", ":", StringComparison.Ordinal), error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain("Hosting failed to start", exit.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", exit.Output + error, StringComparison.Ordinal);
    }

    private static Task<HostProcess.Exit> RunWorkerAsync(string database, Dictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["Storage__Sqlite__Path"] = database,
            ["Inventory__Path"] = InventoryPaths.Resolve("inventory"),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? [])
        {
            environment[key] = value;
        }

        return HostProcess.RunToExitAsync(WorkerDll, environment, TimeSpan.FromSeconds(60));
    }
}
