namespace ChatNetOps.Benchmarks.Requests;

using System.Diagnostics;
using ChatNetOps.Core;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using ChatNetOps.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// 100 engineers ask for a state-changing runbook on the same device at the same moment, through the real
/// SubmitService over SQLite: exactly one request may be granted (AwaitingApproval), 99 are refused naming it.
/// Repeated for several rounds (the winner cancels between rounds), with the submissions per second.
/// </summary>
internal static class RequestBenchmarks
{
    private const int Concurrent = 100;
    private const int Rounds = 20;

    public static async Task RunAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "chatnetops-bench-requests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var services = new ServiceCollection();
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Inventory:Path"] = InventoryPaths.Resolve("inventory"),
                ["Storage:Sqlite:Path"] = Path.Combine(directory, "bench.db"),
            }).Build());
            services.AddLogging();
            services.AddChatNetOpsCore();
            services.AddChatNetOpsSqliteStorage();
            await using var provider = services.BuildServiceProvider();
            var requests = provider.GetRequiredService<SubmitService>();
            var decisions = provider.GetRequiredService<DecisionService>();
            var console = new ConversationRef(ChatPlatform.Console, "bench", ChannelKind.Console);
            var bob = new Actor(ChatPlatform.Console, "bob", "Bob");
            await provider.GetRequiredService<IncidentService>().OpenAsync("INC-9000", "benchmark", 3, bob, null, console, CancellationToken.None);
            var command = new RunCommand(bob, null, console, "bounce-interface",
                new Dictionary<string, string> { ["device"] = "acc-sw-01", ["interface"] = "Gi1/0/1" }, null);

            var exactlyOne = 0;
            var submissions = 0;
            var watch = new Stopwatch();
            for (var round = 0; round < Rounds; round++)
            {
                watch.Start();
                var outcomes = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => Task.Run(() => requests.SubmitAsync(command, CancellationToken.None))));
                watch.Stop();
                submissions += outcomes.Length;
                var granted = outcomes.OfType<SubmitOutcome.AwaitingApproval>().ToArray();
                var refused = outcomes.OfType<SubmitOutcome.DeviceLocked>().Count(r => granted.Length == 1 && r.Holder.RequestId == granted[0].Request.Id);
                if (granted.Length == 1 && refused == Concurrent - 1)
                {
                    exactlyOne++;
                }

                foreach (var g in granted)
                {
                    await decisions.CancelAsync(g.Request.Id, bob, null, console, CancellationToken.None);
                }
            }

            Console.WriteLine($"requests: {Rounds} rounds of {Concurrent} concurrent state-changing requests on one device (SubmitService over SQLite, each audited)");
            Console.WriteLine($"  rounds with exactly one granted and {Concurrent - 1} refused naming it: {exactlyOne}/{Rounds}");
            Console.WriteLine($"  submissions: {submissions} in {watch.Elapsed.TotalSeconds:F2} s = {submissions / watch.Elapsed.TotalSeconds:F0} requests/s (each takes or is refused a lock and appends audit events)");
            if (exactlyOne != Rounds)
            {
                throw new InvalidOperationException("A round granted more or fewer than one request: the device lock is broken.");
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
