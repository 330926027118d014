namespace ChatNetOps.Cli.Tests.Reports;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Reports;
using ChatNetOps.Storage.Sqlite;
using ChatNetOps.Testing.Audit;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Inventory.Loading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

/// <summary>A SQLite audit store written through the real AuditTrail at fake times, and the report over it.</summary>
internal sealed class ReportTrail : IAsyncDisposable
{
    public static readonly DateTimeOffset Day = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatnetops-report-" + Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services;

    public ReportTrail()
    {
        Directory.CreateDirectory(_directory);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Sqlite:Path"] = DatabasePath,
        }).Build());
        services.AddLogging();
        services.AddChatNetOpsSqliteStorage();
        _services = services.BuildServiceProvider();
        Store = _services.GetRequiredService<IAuditStore>();
        Log = new AuditTrail(Store, Time);
        Scenario = new AuditScenario(Log, Time);
    }

    public string DatabasePath => Path.Combine(_directory, "audit.db");

    public string Folder => _directory;

    public string InventoryPath { get; } = InventoryPaths.Resolve("inventory");

    public FakeTimeProvider Time { get; } = new(Day);

    public IAuditStore Store { get; }

    public IAuditLog Log { get; }

    public AuditScenario Scenario { get; }

    public Task<OperationsReport> BuildAsync(DateTimeOffset since, DateTimeOffset until, string? incident = null) =>
        new AuditReportBuilder(Log, Time).BuildAsync(new ReportQuery(since, until, incident), ReportLookups.From(InventoryLoader.Load(InventoryPath).Catalog!), CancellationToken.None);

    public async Task TamperAsync(string sql)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    public async Task<(int Exit, string Out, string Err)> RunCliAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync([.. args, "--db", DatabasePath, "--inventory", InventoryPath], stdout, stderr, CancellationToken.None);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
