using ChatNetOps.Benchmarks.Storage;

// dotnet run -c Release --project tests/ChatNetOps.Benchmarks -- <suite>
var suites = new Dictionary<string, Func<Task>>(StringComparer.OrdinalIgnoreCase)
{
    ["storage"] = StorageBenchmarks.RunAsync,
    ["requests"] = ChatNetOps.Benchmarks.Requests.RequestBenchmarks.RunAsync,
    ["fanout"] = ChatNetOps.Benchmarks.Execution.FanOutBenchmark.RunAsync,
    ["ssh"] = ChatNetOps.Benchmarks.Execution.SshBenchmark.RunAsync,
    ["inventory"] = ChatNetOps.Benchmarks.Inventory.InventoryRefreshBenchmark.RunAsync,
};

if (args.Length == 0 || !suites.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: ChatNetOps.Benchmarks <suite>   suites: {string.Join(", ", suites.Keys)}");
    return 2;
}

await run();
return 0;
