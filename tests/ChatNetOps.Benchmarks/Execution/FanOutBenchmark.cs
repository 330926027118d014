namespace ChatNetOps.Benchmarks.Execution;

using System.Diagnostics;
using System.Globalization;
using ChatNetOps.Benchmarks.Storage;
using ChatNetOps.Core;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Queues;
using ChatNetOps.Core.Requests;
using ChatNetOps.Core.Worker;
using ChatNetOps.Execution;
using ChatNetOps.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// A read-only runbook fanned out over 100 simulated lab devices that each answer in 0.5 s, through the real
/// SubmitService and JobRunner over SQLite in a temp file, on the real clock. Goal: the whole run within 1.5 s.
/// </summary>
internal static class FanOutBenchmark
{
    private const int Devices = 100;
    private const int MeasuredRuns = 5;
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Goal = TimeSpan.FromSeconds(1.5);

    public static async Task RunAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "chatnetops-fanout-" + Guid.NewGuid().ToString("N"));
        FanOutInventory.Write(Path.Combine(folder, "inventory"), Devices);
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Inventory:Path"] = Path.Combine(folder, "inventory"),
            ["Storage:Sqlite:Path"] = Path.Combine(folder, "chatnetops.db"),
            ["Lab:Latency"] = Latency.ToString("c", CultureInfo.InvariantCulture),
            ["Requests:MaxParallelDevices"] = "128",
            ["Worker:WorkerId"] = "bench-worker",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddChatNetOpsCore();
        services.AddChatNetOpsSqliteStorage();
        services.AddChatNetOpsExecution();
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.SectionName);
        services.AddSingleton<JobRunner>();
        var stats = new CallStats();
        TimingDecorator.Decorate<IAuditLog>(services, stats);
        TimingDecorator.Decorate<IAuditStore>(services, stats);
        TimingDecorator.Decorate<IOutputStore>(services, stats);
        TimingDecorator.Decorate<IResultQueue>(services, stats);
        TimingDecorator.Decorate<IRequestStore>(services, stats);
        TimingDecorator.Decorate<IDeviceLockStore>(services, stats);
        var provider = services.BuildServiceProvider();
        try
        {
            Console.WriteLine($"ChatNetOps fan-out benchmark: {Devices} lab devices, {Latency.TotalMilliseconds:0} ms each, MaxParallelDevices 128, SQLite at {folder}");
            Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
            var table = new ResultTable();

            // Warm-up: a run over the same fleet, so JIT and the SQLite schema are not measured.
            await RunOnceAsync(provider, print: false);
            stats.Clear();
            var runs = new List<TimeSpan>();
            for (var i = 0; i < MeasuredRuns - 1; i++)
            {
                runs.Add((await RunOnceAsync(provider, print: true)).Total);
            }

            stats.Clear();
            var (total, process, request) = await RunOnceAsync(provider, print: true);
            runs.Add(total);
            table.Add($"all {MeasuredRuns} runs: min / median / max", $"{Ms(runs.Min())} / {Ms(runs.Order().ElementAt(runs.Count / 2))} / {Ms(runs.Max())}", "<= 1500 ms", runs.Order().ElementAt(runs.Count / 2) <= Goal);
            table.Add($"last run: {Devices} devices x 0.5 s, submit to finished", Ms(total), "<= 1500 ms", total <= Goal);
            table.Add("JobRunner.ProcessAsync", Ms(process));
            var devices = request.Result!.Devices;
            var runStart = request.Result.StartedAt;
            var finished = devices.Select(d => (d.FinishedAt - runStart).TotalMilliseconds).Order().ToArray();
            var started = devices.Select(d => (d.StartedAt - runStart).TotalMilliseconds).Order().ToArray();
            table.Add("device started after run start: first / median / last", $"{started[0]:0} / {started[started.Length / 2]:0} / {started[^1]:0} ms");
            table.Add("device finished after run start: first / median / last", $"{finished[0]:0} / {finished[finished.Length / 2]:0} / {finished[^1]:0} ms");
            table.Add("device duration (executor): min / max", $"{devices.Min(d => d.Duration.TotalMilliseconds):0} / {devices.Max(d => d.Duration.TotalMilliseconds):0} ms");
            table.Add("request status", request.Status.ToString());
            table.Add("claim to run start (request claimed, Started audit, status notify)", Ms(runStart - request.CreatedAt) + " since submit");
            table.Add("last device finished to run finished (recording)", Ms(request.Result.FinishedAt - request.Result.Devices.Max(d => d.FinishedAt)));
            Console.WriteLine();
            table.Print(Console.Out);
            Console.WriteLine();
            Console.WriteLine("store calls during the last run (latency until the call's task completed; calls overlap):");
            Console.WriteLine($"  {"method",-42} {"calls",6} {"mean ms",9} {"max ms",9}");
            foreach (var (method, count, mean, max) in stats.Snapshot())
            {
                Console.WriteLine($"  {method,-42} {count,6} {mean.TotalMilliseconds,9:0.0} {max.TotalMilliseconds,9:0.0}");
            }
        }
        finally
        {
            await provider.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(TimeSpan Total, TimeSpan Process, RunRequest Request)> RunOnceAsync(IServiceProvider provider, bool print)
    {
        var requests = provider.GetRequiredService<SubmitService>();
        var jobs = provider.GetRequiredService<IJobQueue>();
        var runner = provider.GetRequiredService<JobRunner>();
        var store = provider.GetRequiredService<IRequestStore>();
        var actor = new Actor(ChatPlatform.Console, FanOutInventory.Member, "Bench Operator");
        var command = new RunCommand(actor, null, new ConversationRef(ChatPlatform.Console, "bench-console", ChannelKind.Console),
            FanOutInventory.Runbook, new Dictionary<string, string> { ["group"] = FanOutInventory.Group }, null);

        var watch = Stopwatch.StartNew();
        var outcome = await requests.SubmitAsync(command, CancellationToken.None);
        if (outcome is not SubmitOutcome.Queued queued)
        {
            throw new InvalidOperationException("the benchmark request was not queued: " + outcome);
        }

        var submitted = watch.Elapsed;
        var lease = await jobs.ReceiveAsync(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5), CancellationToken.None)
            ?? throw new InvalidOperationException("no job was queued");
        var received = watch.Elapsed;
        await runner.ProcessAsync(lease, CancellationToken.None);
        var processed = watch.Elapsed;
        await jobs.CompleteAsync(lease, CancellationToken.None);
        watch.Stop();
        var request = await store.GetAsync(queued.Request.Id, CancellationToken.None) ?? throw new InvalidOperationException("request vanished");
        if (print)
        {
            Console.WriteLine($"submit {Ms(submitted)}, job received {Ms(received)}, run finished {Ms(processed)}, job completed {Ms(watch.Elapsed)}; {request.Targets.Count} targets");
        }

        return (processed, processed - received, request);
    }

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
}
