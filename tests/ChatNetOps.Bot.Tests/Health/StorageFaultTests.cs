namespace ChatNetOps.Bot.Tests.Health;

using System.Net;
using System.Text.Json;
using ChatNetOps.Core.Health;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Queues;
using ChatNetOps.Testing.Hosting;
using ChatNetOps.Testing.Queues;
using ChatNetOps.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Storage faults say what is wrong. A Storage:Sqlite:Path that is not a database, or a database with a damaged page,
/// stops the bot at start with one line naming the file (exit 1); before, the first aborted with an unhandled exception
/// that did not name the file and the second started, said ready, and failed every job receive. A job consumer that keeps
/// failing after start makes /readyz unavailable and names it.
/// </summary>
public sealed class StorageFaultTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatnetops-bot-start-" + Guid.NewGuid().ToString("N"));

    public StorageFaultTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task BotHost_OnAFileThatIsNotADatabase_ExitsOneNamingTheFile()
    {
        var database = Path.Combine(_directory, "bot.db");
        DamagedDatabaseFiles.WriteNotADatabase(database);

        var exit = await RunBotAsync(database);

        Assert.Equal(1, exit.Code);
        Assert.Equal($"Storage:Sqlite:Path {database}: not a SQLite database; fix or move it.", exit.Error.Trim());
    }

    [Fact]
    public async Task BotHost_OnADamagedDatabase_ExitsOneSayingTheIntegrityCheckFailed()
    {
        var database = Path.Combine(_directory, "bot.db");
        DamagedDatabaseFiles.WriteCorrupted(database);

        var exit = await RunBotAsync(database);

        Assert.Equal(1, exit.Code);
        Assert.StartsWith($"Storage:Sqlite:Path {database}: the integrity check failed (PRAGMA quick_check: ", exit.Error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_WhenJobReceivesKeepFailing_IsUnavailableAndNamesTheConsumer()
    {
        var jobs = new FaultyJobQueue();
        using var factory = new BotFactory { ReplaceServices = services => services.AddSingleton<IJobQueue>(jobs) };
        using var client = factory.CreateClient();

        await jobs.WhenReceivedAsync(QueueConsumerHealth.FailuresBeforeUnready + 1).WaitAsync(Timeout);
        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var data = body.RootElement.GetProperty("checks").GetProperty("backends").GetProperty("data");
        Assert.StartsWith("the job queue consumer: ", data.GetProperty("consumers").GetString(), StringComparison.Ordinal);
        Assert.Contains("database disk image is malformed", data.GetProperty("consumers").GetString(), StringComparison.Ordinal);
        Assert.Equal("reachable", data.GetProperty("sqlite").GetString());
    }

    [Fact]
    public async Task Readyz_WhenResultReceivesKeepFailing_IsUnavailableAndNamesTheResultConsumer()
    {
        var results = new FaultyResultQueue { Fault = new IOException("Input/output error") };
        using var factory = new BotFactory { ReplaceServices = services => services.AddSingleton<IResultQueue>(results) };
        using var client = factory.CreateClient();

        await results.WhenReceivedAsync(QueueConsumerHealth.FailuresBeforeUnready + 1).WaitAsync(Timeout);
        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var consumers = body.RootElement.GetProperty("checks").GetProperty("backends").GetProperty("data").GetProperty("consumers").GetString();
        Assert.StartsWith("the result queue consumer: ", consumers, StringComparison.Ordinal);
        Assert.EndsWith("last: IOException: Input/output error", consumers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_WhileJobReceivesWork_ReportsTheConsumersReachable()
    {
        using var factory = new BotFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("reachable", body.RootElement.GetProperty("checks").GetProperty("backends").GetProperty("data").GetProperty("consumers").GetString());
    }

    private static Task<HostProcess.Exit> RunBotAsync(string database) =>
        HostProcess.RunToExitAsync(
            Path.Combine(AppContext.BaseDirectory, "ChatNetOps.Bot.dll"),
            new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["Storage__Sqlite__Path"] = database,
                ["Inventory__Path"] = InventoryPaths.Resolve("inventory"),
                ["Logging__LogLevel__Default"] = "Warning",
            },
            Timeout);
}
