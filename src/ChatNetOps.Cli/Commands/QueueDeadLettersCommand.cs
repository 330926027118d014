namespace ChatNetOps.Cli.Commands;

using System.Globalization;
using ChatNetOps.Azure;
using ChatNetOps.Cli.Hosting;
using ChatNetOps.Core.Queues;
using ChatNetOps.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// <c>chatnetops queue dead-letters [--requeue ID]</c>: lists the dead-lettered jobs and results (id, request, reason,
/// description, deliveries, when), or puts the one with that id back on its queue. The queue is the one the hosts use:
/// the embedded SQLite file (<c>--db</c>), or Service Bus when the environment sets <c>Queue__Provider=ServiceBus</c>
/// with the hosts' <c>ServiceBus__*</c> settings (an identity that may receive from the dead-letter queues and send to
/// the queues).
/// </summary>
internal sealed class QueueDeadLettersCommand(IReadOnlyDictionary<string, string?>? environment = null) : ICliCommand
{
    private const int DefaultMax = 100;

    public string Verb => "queue dead-letters";

    public string Usage => "queue dead-letters [--requeue ID] [--max N] [--db PATH]";

    public string Summary => "list dead-lettered jobs and results (SQLite or Service Bus); --requeue puts one back";

    public async Task<int> RunAsync(CliArguments args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var max = args.Option("max") is { } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new CliUsageException("--max takes a positive number")
            : DefaultMax;
        await using var services = Build(args, out var where);
        var jobs = services.GetRequiredService<IJobQueue>();
        var results = services.GetRequiredService<IResultQueue>();

        if (args.Option("requeue") is { } id)
        {
            if (await jobs.RequeueDeadLetterAsync(id, cancellationToken))
            {
                stdout.WriteLine($"requeued job {id} on {where}");
                return 0;
            }

            if (await results.RequeueDeadLetterAsync(id, cancellationToken))
            {
                stdout.WriteLine($"requeued result {id} on {where}");
                return 0;
            }

            stderr.WriteLine($"queue dead-letters: no dead-lettered job or result with id '{id}' on {where}");
            return 1;
        }

        if (args.Flag("requeue"))
        {
            throw new CliUsageException("--requeue takes the id of a dead-lettered job or result");
        }

        var deadJobs = await jobs.ReadDeadLettersAsync(max, cancellationToken);
        var deadResults = await results.ReadDeadLettersAsync(max, cancellationToken);
        foreach (var letter in deadJobs)
        {
            Print(stdout, "job", letter.Message.JobId, letter.Message.RequestId, letter);
        }

        foreach (var letter in deadResults)
        {
            Print(stdout, "result", letter.Message.MessageId, letter.Message.RequestId, letter);
        }

        stdout.WriteLine($"queue dead-letters: {deadJobs.Count} job(s), {deadResults.Count} result(s) on {where}");
        return 0;
    }

    private static void Print<TMessage>(TextWriter stdout, string kind, string id, string requestId, DeadLetter<TMessage> letter) =>
        stdout.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{kind,-6} {id}  request {requestId}  {letter.Reason}  deliveries {letter.DeliveryCount}  at {letter.DeadLetteredAt:O}{(string.IsNullOrEmpty(letter.Description) ? string.Empty : "  " + letter.Description)}"));

    private ServiceProvider Build(CliArguments args, out string where)
    {
        var builder = new ConfigurationBuilder();
        if (environment is null)
        {
            builder.AddEnvironmentVariables();
        }
        else
        {
            builder.AddInMemoryCollection(environment.Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value)));
        }

        var configuration = builder.Build();
        var services = new ServiceCollection().AddLogging();
        var provider = configuration["Queue:Provider"] ?? "Sqlite";
        if (string.Equals(provider, "ServiceBus", StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton<IConfiguration>(configuration);
            services.AddChatNetOpsServiceBusQueues();
            where = $"Service Bus queues '{configuration["ServiceBus:JobsQueue"] ?? "jobs"}' and '{configuration["ServiceBus:ResultsQueue"] ?? "results"}'";
            return services.BuildServiceProvider();
        }

        if (!string.Equals(provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliUsageException($"Queue__Provider '{provider}' is not supported; use Sqlite or ServiceBus");
        }

        var database = args.Option("db") ?? CliServices.DefaultDatabase;
        if (!File.Exists(database))
        {
            throw new CliUsageException($"no database at '{database}'; pass --db PATH (the bot's Storage:Sqlite:Path), or set Queue__Provider=ServiceBus");
        }

        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Sqlite:Path"] = database }).Build());
        services.AddChatNetOpsSqliteStorage();
        where = $"the embedded queue in {database}";
        return services.BuildServiceProvider();
    }
}
