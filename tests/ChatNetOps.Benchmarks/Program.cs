using ChatNetOps.Benchmarks.Storage;

// dotnet run -c Release --project tests/ChatNetOps.Benchmarks -- <suite>
var suites = new Dictionary<string, Func<Task>>(StringComparer.OrdinalIgnoreCase)
{
    ["storage"] = StorageBenchmarks.RunAsync,
    ["requests"] = ChatNetOps.Benchmarks.Requests.RequestBenchmarks.RunAsync,
    ["fanout"] = ChatNetOps.Benchmarks.Execution.FanOutBenchmark.RunAsync,
    ["ssh"] = ChatNetOps.Benchmarks.Execution.SshBenchmark.RunAsync,
    ["queues"] = ChatNetOps.Benchmarks.Queues.QueueBenchmark.RunAsync,
    ["inventory"] = ChatNetOps.Benchmarks.Inventory.InventoryRefreshBenchmark.RunAsync,
    ["report"] = ChatNetOps.Benchmarks.Reports.ReportBenchmark.RunAsync,
    ["backfill"] = ChatNetOps.Benchmarks.Requests.BackfillBenchmark.RunAsync,
};

// The queue suite's child processes: one measurement, and the Service Bus broker it measures against.
if (args is ["queue-run", var queue, var jobs])
{
    await ChatNetOps.Benchmarks.Queues.QueueBenchmark.RunOneAsync(queue, int.Parse(jobs, System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

if (args is ["report-run", var reportDatabase, var reportWhat])
{
    await ChatNetOps.Benchmarks.Reports.ReportBenchmark.RunOneAsync(reportDatabase, verifyOnly: reportWhat == "verify");
    return 0;
}

if (args is ["backfill-run", var backfillDatabase])
{
    await ChatNetOps.Benchmarks.Requests.BackfillBenchmark.RunOneAsync(backfillDatabase);
    return 0;
}

if (args is ["queue-broker"])
{
    await ChatNetOps.Benchmarks.Queues.QueueBenchmark.HostBrokerAsync();
    return 0;
}

if (args.Length == 0 || !suites.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: ChatNetOps.Benchmarks <suite>   suites: {string.Join(", ", suites.Keys)}");
    return 2;
}

await run();
return 0;
