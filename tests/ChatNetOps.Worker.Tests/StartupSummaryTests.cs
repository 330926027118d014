namespace ChatNetOps.Worker.Tests;

using ChatNetOps.Testing.Hosting;

/// <summary>
/// The Worker host, run as its own process, says once at start which store and queue it uses, as the bot does: the
/// SQLite file's full path, or the Cosmos account and database, never a key. Before, it logged nothing about its store,
/// so an operator could not tell which database a worker was writing to.
/// </summary>
public sealed class StartupSummaryTests : IDisposable
{
    private const string Summary = "ChatNetOps worker: storage ";
    private static readonly string WorkerDll = Path.Combine(AppContext.BaseDirectory, "ChatNetOps.Worker.dll");
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatnetops-worker-summary-" + Guid.NewGuid().ToString("N"));

    public StartupSummaryTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task WorkerHost_OnTheEmbeddedDefault_LogsItsSqliteFile()
    {
        var database = Path.Combine(_directory, "chatnetops.db");

        var run = await HostProcess.RunUntilLoggedAsync(WorkerDll, Environment(new() { ["Storage__Sqlite__Path"] = database }), Summary, TimeSpan.FromSeconds(60));

        var line = Assert.Single(Lines(run), l => l.Contains(Summary, StringComparison.Ordinal));
        Assert.EndsWith($"ChatNetOps worker: storage Sqlite (SQLite file {database}), queue Sqlite (SQLite file {database})", line, StringComparison.Ordinal);
        Assert.Contains("ChatNetOps.Worker[4999]", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkerHost_OnCosmos_LogsTheAccountAndDatabase_AndNotTheKey()
    {
        const string Key = "C2y6yDjf5R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";
        var database = Path.Combine(_directory, "queues.db");

        var run = await HostProcess.RunUntilLoggedAsync(
            WorkerDll,
            Environment(new()
            {
                ["Storage__Provider"] = "Cosmos",
                ["Cosmos__Endpoint"] = "https://contoso-netops.documents.azure.com:443/",
                ["Cosmos__Database"] = "netops-prod",
                ["Cosmos__Key"] = Key,
                ["Storage__Sqlite__Path"] = database,
                ["Audit__Checkpoints__Provider"] = "File",
                ["Audit__Checkpoints__Path"] = Path.Combine(_directory, "audit-checkpoints.jsonl"),
                ["Audit__Key__Provider"] = "File",
                ["Audit__Key__Path"] = Path.Combine(_directory, "audit-key"),
            }),
            Summary,
            TimeSpan.FromSeconds(60));

        var line = Assert.Single(Lines(run), l => l.Contains(Summary, StringComparison.Ordinal));
        Assert.EndsWith($"ChatNetOps worker: storage Cosmos (account contoso-netops.documents.azure.com, database netops-prod), queue Sqlite (SQLite file {database})", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, run.Output + run.Error, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Lines(HostProcess.Exit run) => run.Output.Split('\n');

    private static Dictionary<string, string> Environment(Dictionary<string, string> settings)
    {
        settings["DOTNET_ENVIRONMENT"] = "Development";
        settings["Inventory__Path"] = Core.Inventory.InventoryPaths.Resolve("inventory");
        settings["Logging__LogLevel__Default"] = "Warning";
        settings["Logging__LogLevel__ChatNetOps.Worker"] = "Information";
        return settings;
    }
}
