namespace ChatNetOps.Cli.Tests.Queues;

using ChatNetOps.Azure;
using ChatNetOps.Cli.Commands;
using ChatNetOps.Core.Queues;
using ChatNetOps.Core.Requests;
using ChatNetOps.ServiceBusBroker;
using ChatNetOps.Storage.Sqlite;
using ChatNetOps.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary><c>chatnetops queue dead-letters</c> on the embedded SQLite queue (a real file) and on Service Bus (the broker, through the SDK).</summary>
public sealed class QueueDeadLettersCommandTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Lock = TimeSpan.FromSeconds(30);
    private readonly string _directory = Directory.CreateTempSubdirectory("chatnetops-cli-queue-").FullName;

    private string Database => Path.Combine(_directory, "chatnetops.db");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Sqlite_ListsDeadLetteredJobsAndResults_WithTheirReasons()
    {
        await using (var services = Sqlite())
        {
            await DeadLetterAsync(services.GetRequiredService<IJobQueue>(), TestData.Job("JOB-DEAD", requestId: "R-1"), "RunbookGone", "runbook clear-ospf was removed");
            await DeadLetterAsync(services.GetRequiredService<IResultQueue>(), TestData.Result("R-2:Succeeded"), "ChatUnreachable", "the conversation was deleted");
        }

        var (exit, output, _) = await RunAsync(null, "queue", "dead-letters", "--db", Database);

        Assert.Equal(0, exit);
        Assert.Contains("job    JOB-DEAD  request R-1  RunbookGone  deliveries 1  at ", output, StringComparison.Ordinal);
        Assert.Contains("runbook clear-ospf was removed", output, StringComparison.Ordinal);
        Assert.Contains("result R-2:Succeeded  request ", output, StringComparison.Ordinal);
        Assert.Contains("ChatUnreachable", output, StringComparison.Ordinal);
        Assert.Contains("queue dead-letters: 1 job(s), 1 result(s) on the embedded queue in ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sqlite_Requeue_PutsTheJobBackAndItIsNoLongerListed()
    {
        var job = TestData.Job("JOB-AGAIN", expiresAt: TimeProvider.System.GetUtcNow().AddHours(1));
        await using (var services = Sqlite())
        {
            await DeadLetterAsync(services.GetRequiredService<IJobQueue>(), job, "Transient", "the store was down");
        }

        var (exit, output, _) = await RunAsync(null, "queue", "dead-letters", "--db", Database, "--requeue", "JOB-AGAIN");

        Assert.Equal(0, exit);
        Assert.Contains("requeued job JOB-AGAIN", output, StringComparison.Ordinal);
        await using var after = Sqlite();
        var lease = await after.GetRequiredService<IJobQueue>().ReceiveAsync(Lock, TimeSpan.Zero, Ct);
        Assert.Equal(("JOB-AGAIN", 1), (lease?.Message.JobId, lease?.DeliveryCount));
        Assert.Empty(await after.GetRequiredService<IJobQueue>().ReadDeadLettersAsync(10, Ct));
    }

    [Fact]
    public async Task Requeue_IdThatIsNotDeadLettered_ExitsOneNamingIt()
    {
        await using (var services = Sqlite())
        {
            await services.GetRequiredService<IJobQueue>().EnqueueAsync(TestData.Job("JOB-LIVE"), Ct);
        }

        var (exit, _, errors) = await RunAsync(null, "queue", "dead-letters", "--db", Database, "--requeue", "JOB-NOPE");
        var (live, _, _) = await RunAsync(null, "queue", "dead-letters", "--db", Database, "--requeue", "JOB-LIVE");

        Assert.Equal(1, exit);
        Assert.Contains("no dead-lettered job or result with id 'JOB-NOPE'", errors, StringComparison.Ordinal);
        Assert.Equal(1, live);
    }

    [Fact]
    public async Task UnknownQueueProvider_IsAUsageError()
    {
        var (exit, _, errors) = await RunAsync(new Dictionary<string, string?> { ["Queue__Provider"] = "Kafka" }, "queue", "dead-letters");

        Assert.Equal(2, exit);
        Assert.Contains("Queue__Provider 'Kafka' is not supported", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceBus_ListsAndRequeuesThroughTheSdk()
    {
        await using var broker = Broker.Start();
        broker.CreateQueue("jobs");
        broker.CreateQueue("results");
        var environment = new Dictionary<string, string?> { ["Queue__Provider"] = "ServiceBus", ["ServiceBus__ConnectionString"] = broker.ConnectionString() };
        var job = TestData.Job("JOB-SB", requestId: "R-SB", expiresAt: TimeProvider.System.GetUtcNow().AddHours(1));
        await using (var services = ServiceBus(environment))
        {
            await DeadLetterAsync(services.GetRequiredService<IJobQueue>(), job, "Poison", "handler kept failing");
        }

        var (listed, output, _) = await RunAsync(environment, "queue", "dead-letters");
        var (requeued, requeueOutput, _) = await RunAsync(environment, "queue", "dead-letters", "--requeue", "JOB-SB");
        var (_, afterwards, _) = await RunAsync(environment, "queue", "dead-letters");

        Assert.Equal((0, 0), (listed, requeued));
        Assert.Contains("job    JOB-SB  request R-SB  Poison  deliveries 1  at ", output, StringComparison.Ordinal);
        Assert.Contains("handler kept failing", output, StringComparison.Ordinal);
        Assert.Contains("1 job(s), 0 result(s) on Service Bus queues 'jobs' and 'results'", output, StringComparison.Ordinal);
        Assert.Contains("requeued job JOB-SB", requeueOutput, StringComparison.Ordinal);
        Assert.Contains("0 job(s), 0 result(s)", afterwards, StringComparison.Ordinal);
        Assert.Equal((1, 0), (broker.Find("jobs")!.Count, broker.Find("jobs")!.DeadLetterQueue!.Count));
    }

    private static async Task DeadLetterAsync<TMessage>(IMessageQueue<TMessage> queue, TMessage message, string reason, string description)
    {
        await queue.EnqueueAsync(message, Ct);
        var lease = await queue.ReceiveAsync(Lock, TimeSpan.FromSeconds(5), Ct);
        Assert.True(await queue.DeadLetterAsync(lease!, reason, description, Ct));
    }

    private static async Task<(int Exit, string Output, string Errors)> RunAsync(IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var command = new QueueDeadLettersCommand(environment ?? new Dictionary<string, string?>());
        int exit;
        try
        {
            exit = await command.RunAsync(CliArguments.Parse(args[2..]), stdout, stderr, Ct);
        }
        catch (CliUsageException e)
        {
            stderr.WriteLine(e.Message);
            exit = 2;
        }

        return (exit, stdout.ToString(), stderr.ToString());
    }

    private ServiceProvider Sqlite() => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Sqlite:Path"] = Database }).Build())
        .AddLogging()
        .AddChatNetOpsSqliteStorage()
        .BuildServiceProvider();

    private static ServiceProvider ServiceBus(Dictionary<string, string?> environment) => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(environment.Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value))).Build())
        .AddLogging()
        .AddChatNetOpsServiceBusQueues()
        .BuildServiceProvider();
}
