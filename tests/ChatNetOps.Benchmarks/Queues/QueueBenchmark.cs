namespace ChatNetOps.Benchmarks.Queues;

using System.Diagnostics;
using System.Globalization;
using ChatNetOps.Azure;
using ChatNetOps.Benchmarks.Storage;
using ChatNetOps.Core.Queues;
using ChatNetOps.ServiceBusBroker;
using ChatNetOps.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Jobs per second end to end (send → consumer → complete) through the job queue the worker uses: the embedded SQLite
/// queue, and Azure.Messaging.ServiceBus against tests/ServiceBusBroker. Each (queue, job count) runs in a fresh child
/// process — the "worker" whose memory is reported; for Service Bus the broker runs in a process of its own, so its
/// memory is not counted. The worker sends the jobs itself (as the bot would, 32 sends in flight) while its consumer
/// runs as the worker host runs it (<see cref="IMessageQueue{TMessage}.ConsumeAsync"/>, 4 at a time, the
/// Worker:MaxConcurrentJobs default) with a handler that completes at once: the figures are the queue's, not the runbooks'.
/// </summary>
internal static class QueueBenchmark
{
    private const int Concurrency = 4;
    private const int SendsInFlight = 32;
    private static readonly int[] JobCounts = [100, 10_000];
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>The suite: every (queue, job count) in a child process, then one table.</summary>
    public static async Task RunAsync()
    {
        Console.WriteLine($"ChatNetOps queue benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}; consumer {Concurrency} at a time, {SendsInFlight} sends in flight");
        var table = new ResultTable();
        foreach (var queue in new[] { "sqlite", "servicebus" })
        {
            foreach (var jobs in JobCounts)
            {
                var line = await RunChildAsync("queue-run", queue, jobs.ToString(CultureInfo.InvariantCulture));
                var f = line.Split(' ');
                var label = $"{(queue == "sqlite" ? "SQLite queue" : "Service Bus (SDK → broker)")}, {jobs:N0} jobs";
                table.Add($"{label}: end to end", ResultTable.Rate(double.Parse(f[0], CultureInfo.InvariantCulture)));
                table.Add($"{label}: total time", f[1] + " s");
                table.Add($"{label}: worker peak working set", f[2] + " MB");
                table.Add($"{label}: worker managed heap after", f[3] + " MB");
                table.Add($"{label}: allocated per job", f[4] + " KB");
            }
        }

        Console.WriteLine();
        table.Print(Console.Out);
    }

    /// <summary>One measurement in this (child) process; prints "jobs/s seconds peakMB heapMB allocKBperJob".</summary>
    public static async Task RunOneAsync(string queue, int jobs)
    {
        Process? broker = null;
        var folder = Path.Combine(Path.GetTempPath(), "chatnetops-queue-bench-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>();
        if (queue == "servicebus")
        {
            (broker, var connectionString) = await StartBrokerAsync();
            settings["ServiceBus:ConnectionString"] = connectionString;
        }
        else
        {
            settings["Storage:Sqlite:Path"] = Path.Combine(folder, "bench.db");
        }

        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        if (queue == "servicebus")
        {
            services.AddChatNetOpsServiceBusQueues();
        }
        else
        {
            services.AddChatNetOpsSqliteStorage();
        }

        try
        {
            await using var provider = services.BuildServiceProvider();
            var jobQueue = provider.GetRequiredService<IJobQueue>();
            await WarmUpAsync(jobQueue);
            GC.Collect();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

            var handled = 0;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var stop = new CancellationTokenSource();
            var watch = Stopwatch.StartNew();
            var consuming = jobQueue.ConsumeAsync(
                (_, _) =>
                {
                    if (Interlocked.Increment(ref handled) == jobs)
                    {
                        done.TrySetResult();
                    }

                    return Task.FromResult(QueueSettlement.Complete);
                },
                new QueueConsumerOptions(Concurrency, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)),
                stop.Token);
            var now = TimeProvider.System.GetUtcNow();
            await Parallel.ForEachAsync(Enumerable.Range(0, jobs), new ParallelOptions { MaxDegreeOfParallelism = SendsInFlight }, async (i, ct) =>
                await jobQueue.EnqueueAsync(new JobMessage($"JOB-{i:D6}", $"R-{i:D6}", now, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01") { ExpiresAt = now.AddHours(1) }, ct));
            await done.Task.WaitAsync(TimeSpan.FromMinutes(30));
            await stop.CancelAsync();
            await consuming;
            watch.Stop();

            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            GC.Collect();
            using var self = Process.GetCurrentProcess();
            self.Refresh();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{jobs / watch.Elapsed.TotalSeconds:F0} {watch.Elapsed.TotalSeconds:F2} {self.PeakWorkingSet64 / 1048576.0:F0} {GC.GetTotalMemory(true) / 1048576.0:F1} {allocated / 1024.0 / jobs:F1}"));
        }
        finally
        {
            if (broker is not null)
            {
                broker.StandardInput.Close();
                await broker.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                broker.Dispose();
            }

            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>The broker process: queue <c>jobs</c> as infra configures it; prints its connection string, runs until stdin closes.</summary>
    public static async Task HostBrokerAsync()
    {
        await using var broker = Broker.Start();
        broker.CreateQueue("jobs", new QueueSettings { LockDuration = TimeSpan.FromMinutes(1), MaxDeliveryCount = 10 });
        Console.WriteLine(broker.ConnectionString());
        await Console.In.ReadToEndAsync();
    }

    /// <summary>Opens the connection and links (and SQLite's file) before timing: one job through.</summary>
    private static async Task WarmUpAsync(IJobQueue queue)
    {
        var now = TimeProvider.System.GetUtcNow();
        await queue.EnqueueAsync(new JobMessage("JOB-WARMUP", "R-WARMUP", now, null) { ExpiresAt = now.AddHours(1) }, Ct);
        var lease = await queue.ReceiveAsync(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10), Ct)
            ?? throw new InvalidOperationException("The warm-up job did not arrive.");
        await queue.CompleteAsync(lease, Ct);
    }

    private static async Task<(Process Broker, string ConnectionString)> StartBrokerAsync()
    {
        var broker = Start("queue-broker", redirectInput: true);
        var line = await broker.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1))
            ?? throw new InvalidOperationException("The broker process exited before printing its connection string.");
        return (broker, line);
    }

    private static async Task<string> RunChildAsync(params string[] args)
    {
        using var child = Start(args[0], redirectInput: false, args[1..]);
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', args)} exited {child.ExitCode}: {await child.StandardError.ReadToEndAsync()}");
        }

        return output.Trim().Split('\n')[^1].Trim();
    }

    private static Process Start(string suite, bool redirectInput, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        // Under the dotnet muxer (dotnet ChatNetOps.Benchmarks.dll) the child needs the dll; the apphost needs nothing.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(QueueBenchmark).Assembly.Location);
        }

        start.ArgumentList.Add(suite);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"Could not start the {suite} process.");
    }
}
