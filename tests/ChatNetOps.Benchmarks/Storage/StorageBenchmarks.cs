namespace ChatNetOps.Benchmarks.Storage;

using System.Diagnostics;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using ChatNetOps.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

/// <summary>
/// The embedded SQLite store as the bot and worker use it: resolved through AddChatNetOpsSqliteStorage over a
/// fresh temp file, driven concurrently, timed with a Stopwatch.
/// </summary>
internal static class StorageBenchmarks
{
    private const int LockDevices = 256;
    private const int LockWorkers = 16;
    private const int LockCycles = 20_000;
    private const int AuditPartitions = 4;
    private const int AuditWriters = 8;
    private const int AuditAppends = 20_000;
    private const int VerifyPartitions = 8;
    private const int VerifyEventsPerPartition = 25_000;

    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly Actor Operator = new(ChatPlatform.Slack, "U-BENCH", "Bench Operator") { MemberId = "bench" };

    public static async Task RunAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "chatnetops-bench-" + Guid.NewGuid().ToString("N"));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["Storage:Sqlite:Path"] = Path.Combine(folder, "bench.db");
        builder.Services.AddChatNetOpsSqliteStorage();
        var host = builder.Build();
        try
        {
            await host.StartAsync();
            var services = host.Services;
            var time = services.GetRequiredService<TimeProvider>();
            var locks = services.GetRequiredService<IDeviceLockStore>();
            var store = services.GetRequiredService<IAuditStore>();
            var log = services.GetRequiredService<IAuditLog>();
            var table = new ResultTable();

            Console.WriteLine($"ChatNetOps storage benchmark: SQLite (WAL) at {builder.Configuration["Storage:Sqlite:Path"]}");
            Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
            Console.WriteLine();

            await LockRaceAsync(locks, time, table);
            await LockThroughputAsync(locks, time, table);
            await AuditAppendsAsync(log, table);
            await VerifyAsync(store, log, table);

            table.Print(Console.Out);
            await host.StopAsync();
        }
        finally
        {
            host.Dispose();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task LockRaceAsync(IDeviceLockStore locks, TimeProvider time, ResultTable table)
    {
        var now = time.GetUtcNow();
        var watch = Stopwatch.StartNew();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() =>
            locks.TryAcquireAsync(Lock("race-dev", $"REQ-RACE-{i:D3}", now), now, Ct))));
        watch.Stop();

        var granted = outcomes.OfType<LockAcquisition.Acquired>().ToList();
        var held = outcomes.OfType<LockAcquisition.Held>().ToList();
        var winner = granted.Count == 1 ? granted[0].Lock.RequestId : null;
        var allNameWinner = held.All(h => h.Holder.RequestId == winner);
        table.Add(
            "100 concurrent acquisitions of one device: granted",
            $"{granted.Count} of 100 ({held.Count} Held naming the winner: {(allNameWinner ? "yes" : "no")}) in {watch.Elapsed.TotalMilliseconds:N1} ms",
            "exactly 1",
            granted.Count == 1 && held.Count == 99 && allNameWinner);
        await locks.ReleaseAsync("race-dev", winner ?? string.Empty, Ct);
    }

    private static async Task LockThroughputAsync(IDeviceLockStore locks, TimeProvider time, ResultTable table)
    {
        await Cycles(locks, time, 500, "warm"); // warm-up: JIT, prepared statements, pages

        var cpu = CpuClock.Start();
        var watch = Stopwatch.StartNew();
        await Cycles(locks, time, LockCycles, "run");
        watch.Stop();
        var cpuUsed = cpu.Elapsed;

        var ops = LockCycles * 2 / watch.Elapsed.TotalSeconds;
        table.Add(
            $"lock ops (acquire+release, {LockDevices} devices, {LockWorkers} workers)",
            $"{ResultTable.Rate(ops)} ({ResultTable.Rate(LockCycles / watch.Elapsed.TotalSeconds)} cycles; {CpuClock.Describe(cpuUsed, watch.Elapsed)})",
            ">= 2,000/s",
            ops >= 2_000);
    }

    private static async Task Cycles(IDeviceLockStore locks, TimeProvider time, int cycles, string tag)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, LockWorkers).Select(worker => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < cycles)
            {
                // Each worker owns the devices congruent to it, so every acquisition is a real grant.
                var device = $"dev-{(i % (LockDevices / LockWorkers) * LockWorkers) + worker:D4}";
                var request = $"REQ-{tag}-{i}";
                var now = time.GetUtcNow();
                if (await locks.TryAcquireAsync(Lock(device, request, now), now, Ct) is not LockAcquisition.Acquired)
                {
                    throw new InvalidOperationException($"Device {device} was unexpectedly held.");
                }

                if (!await locks.ReleaseAsync(device, request, Ct))
                {
                    throw new InvalidOperationException($"Device {device} was unexpectedly not ours to release.");
                }
            }
        })));
    }

    private static async Task AuditAppendsAsync(IAuditLog log, ResultTable table)
    {
        await Appends(log, 1_000, "WARM");

        var cpu = CpuClock.Start();
        var watch = Stopwatch.StartNew();
        await Appends(log, AuditAppends, "INC-BENCH");
        watch.Stop();
        var cpuUsed = cpu.Elapsed;

        var rate = AuditAppends / watch.Elapsed.TotalSeconds;
        table.Add(
            $"audit appends (AuditTrail, {AuditPartitions} partitions, {AuditWriters} writers)",
            $"{ResultTable.Rate(rate)} ({CpuClock.Describe(cpuUsed, watch.Elapsed)})",
            ">= 5,000/s",
            rate >= 5_000);
    }

    private static async Task Appends(IAuditLog log, int count, string prefix)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, AuditWriters).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await log.AppendAsync(Entry($"{prefix}-{i % AuditPartitions}", i), Ct);
            }
        })));
    }

    private static async Task VerifyAsync(IAuditStore store, IAuditLog log, ResultTable table)
    {
        // Seed: hash-chained events written straight to the store, one writer per partition.
        var seeded = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, VerifyPartitions).Select(p => Task.Run(async () =>
        {
            var partition = $"INC-VERIFY-{p}";
            AuditEvent? previous = null;
            for (var i = 0; i < VerifyEventsPerPartition; i++)
            {
                var next = Chain(partition, previous, i);
                if (!await store.TryAppendAsync(next, Ct))
                {
                    throw new InvalidOperationException($"Seeding {partition} collided at {next.Sequence}.");
                }

                previous = next;
            }
        })));
        seeded.Stop();
        const int total = VerifyPartitions * VerifyEventsPerPartition;
        table.Add("direct store appends while seeding (no trail)", ResultTable.Rate(total / seeded.Elapsed.TotalSeconds));

        var verifier = new AuditVerifier(log);
        _ = await verifier.VerifyAsync("INC-VERIFY-0", Ct); // warm-up

        var readCpu = CpuClock.Start();
        var readWatch = Stopwatch.StartNew();
        long read = 0;
        foreach (var partition in await log.ListPartitionsAsync(Ct))
        {
            await foreach (var e in log.ReadAsync(partition, Ct))
            {
                read++;
            }
        }

        readWatch.Stop();
        table.Add($"read only (IAuditLog.ReadAsync, {read:N0} events, no hashing)", $"{ResultTable.Rate(read / readWatch.Elapsed.TotalSeconds)} ({CpuClock.Describe(readCpu.Elapsed, readWatch.Elapsed)})");

        var cpu = CpuClock.Start();
        var watch = Stopwatch.StartNew();
        var results = await verifier.VerifyAllAsync(Ct);
        watch.Stop();
        var cpuUsed = cpu.Elapsed;

        var verified = results.Where(r => r.Partition.StartsWith("INC-VERIFY-", StringComparison.Ordinal)).ToList();
        var events = results.Sum(r => r.Events);
        var intact = results.All(r => r.IsIntact) && verified.Sum(r => r.Events) == total;
        var rate = events / watch.Elapsed.TotalSeconds;
        table.Add(
            $"chain verify (AuditVerifier.VerifyAll, {events:N0} events, {results.Count} partitions, intact: {(intact ? "yes" : "NO")})",
            $"{ResultTable.Rate(rate)} ({CpuClock.Describe(cpuUsed, watch.Elapsed)})",
            ">= 100,000/s",
            rate >= 100_000 && intact);
    }

    private static DeviceLock Lock(string device, string requestId, DateTimeOffset now) =>
        new(device, requestId, Operator, "bounce-interface", "INC-BENCH", now, now.AddMinutes(15));

    private static AuditEntry Entry(string incident, int i) =>
        new(AuditKind.Started, Operator)
        {
            RequestId = $"REQ-{i:D8}",
            Runbook = "verify-ospf",
            Device = $"dev-{i % 64:D4}",
            Incident = incident,
            MessageLink = "https://slack.example/archives/C-NOC/p1710408413000200",
            Details = new Dictionary<string, string> { ["rc"] = "0", ["outputSha256"] = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" },
        };

    private static AuditEvent Chain(string partition, AuditEvent? previous, int i)
    {
        var entry = Entry(partition, i);
        var sequence = (previous?.Sequence ?? 0) + 1;
        var unsigned = new AuditEvent(
            $"{partition}:{sequence:D10}", partition, sequence, new DateTimeOffset(2025, 3, 14, 9, 0, 0, TimeSpan.Zero).AddMilliseconds(i),
            entry.Kind, entry.Actor, entry.RequestId, entry.Runbook, entry.Device, partition, entry.MessageLink, entry.Details,
            previous?.Hash ?? AuditHasher.Genesis, string.Empty);
        return unsigned with { Hash = AuditHasher.ComputeHash(unsigned) };
    }
}
