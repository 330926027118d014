namespace ChatNetOps.Benchmarks.Storage;

using System.Diagnostics;
using ChatNetOps.Core;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Audit.Checkpoints;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using ChatNetOps.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

/// <summary>
/// The embedded SQLite store as the bot and worker use it: resolved through AddChatNetOpsCore and
/// AddChatNetOpsSqliteStorage over a fresh temp file, with the audit trail anchored (keyed checkpoints in the file beside
/// the database, written by the hosted anchoring service every 1,000 events per partition), driven concurrently, timed
/// with a Stopwatch.
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
    private const int ManyPartitions = 10_000;

    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly Actor Operator = new(ChatPlatform.Slack, "U-BENCH", "Bench Operator") { MemberId = "bench" };

    public static async Task RunAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "chatnetops-bench-" + Guid.NewGuid().ToString("N"));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["Storage:Sqlite:Path"] = Path.Combine(folder, "bench.db");
        builder.Services.AddChatNetOpsCore();
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
            var anchor = services.GetRequiredService<AuditAnchor>();
            var table = new ResultTable();

            Console.WriteLine($"ChatNetOps storage benchmark: SQLite (WAL) at {builder.Configuration["Storage:Sqlite:Path"]}");
            Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
            Console.WriteLine();

            await LockRaceAsync(locks, time, table);
            await LockThroughputAsync(locks, time, table);
            await AuditAppendsAsync(log, anchor, table);
            await VerifyAsync(store, log, anchor, table);
            await CheckpointCostAsync(store, anchor, table);

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

    private static async Task AuditAppendsAsync(IAuditLog log, AuditAnchor anchor, ResultTable table)
    {
        await Appends(log, 1_000, "WARM");
        var before = (await CheckpointState(anchor)).ReadThrough;

        var cpu = CpuClock.Start();
        var watch = Stopwatch.StartNew();
        await Appends(log, AuditAppends, "INC-BENCH");
        watch.Stop();
        var cpuUsed = cpu.Elapsed;

        var rate = AuditAppends / watch.Elapsed.TotalSeconds;
        var written = (await CheckpointState(anchor)).ReadThrough - before;
        table.Add(
            $"audit appends, anchored (AuditTrail, {AuditPartitions} partitions, {AuditWriters} writers; {written} checkpoints written meanwhile)",
            $"{ResultTable.Rate(rate)} ({CpuClock.Describe(cpuUsed, watch.Elapsed)})",
            ">= 5,000/s",
            rate >= 5_000 && written > 0);
    }

    private static Task<Core.Audit.Checkpoints.CheckpointState> CheckpointState(AuditAnchor anchor) =>
        AuditCheckpointLog.VerifyAsync(anchor.Sink, anchor.Keys, Ct);

    /// <summary>What one checkpoint costs: one head moved among few partitions, and a full one over many.</summary>
    private static async Task CheckpointCostAsync(IAuditStore store, AuditAnchor anchor, ResultTable table)
    {
        var one = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var head = await store.GetLastAsync("INC-VERIFY-0", Ct);
            var next = Chain("INC-VERIFY-0", head, 100_000 + i);
            await store.TryAppendAsync(next, Ct);
            anchor.Observe(next);
            var watch = Stopwatch.StartNew();
            _ = await anchor.CheckpointAsync(AuditCheckpointReason.Requested, Ct) ?? throw new InvalidOperationException("Nothing was anchored.");
            one.Add(watch.Elapsed.TotalMilliseconds);
        }

        one.Sort();
        table.Add("checkpoint cost (one head moved; read new log records, HMAC, append + fsync), median of 20", $"{one[one.Count / 2]:N2} ms");

        var seeded = new List<AuditEvent>(ManyPartitions);
        for (var p = 0; p < ManyPartitions; p++)
        {
            var e = Chain($"INC-MANY-{p}", null, p);
            await store.TryAppendAsync(e, Ct);
            seeded.Add(e);
        }

        foreach (var e in seeded)
        {
            anchor.Observe(e);
        }

        var many = Stopwatch.StartNew();
        _ = await anchor.CheckpointAsync(AuditCheckpointReason.Requested, Ct);
        many.Stop();
        var bytes = new FileInfo(anchor.Sink.Description["file ".Length..]).Length;
        table.Add($"checkpoint cost ({ManyPartitions:N0} heads moved at once)", $"{many.Elapsed.TotalMilliseconds:N1} ms (checkpoint log now {bytes / 1024.0:N0} KiB)");

        var verify = Stopwatch.StartNew();
        var state = await CheckpointState(anchor);
        verify.Stop();
        table.Add(
            $"checkpoint log verify (AuditCheckpointLog.VerifyAsync, {state.ReadThrough} checkpoints, {state.Heads.Count:N0} partitions)",
            $"{verify.Elapsed.TotalMilliseconds:N1} ms, {state.Problems.Count} problems");
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

    private static async Task VerifyAsync(IAuditStore store, IAuditLog log, AuditAnchor anchor, ResultTable table)
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

                anchor.Observe(next);
                previous = next;
            }
        })));
        seeded.Stop();
        const int total = VerifyPartitions * VerifyEventsPerPartition;
        table.Add("direct store appends while seeding (no trail)", ResultTable.Rate(total / seeded.Elapsed.TotalSeconds));

        _ = await anchor.CheckpointAsync(AuditCheckpointReason.Requested, Ct) ?? throw new InvalidOperationException("Nothing was anchored.");
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
        var checkpoints = await CheckpointState(anchor);
        var report = await verifier.VerifyAllAsync(checkpoints, Ct);
        watch.Stop();
        var cpuUsed = cpu.Elapsed;

        var results = report.Chains;
        var verified = results.Where(r => r.Partition.StartsWith("INC-VERIFY-", StringComparison.Ordinal)).ToList();
        var events = results.Sum(r => r.Events);
        var intact = report.IsIntact && verified.Sum(r => r.Events) == total && verified.All(r => r.NotYetAnchored == 0);
        var rate = events / watch.Elapsed.TotalSeconds;
        table.Add(
            $"chain verify against checkpoints (log read and checked, then AuditVerifier.VerifyAll, {events:N0} events, {results.Count} partitions, intact and anchored: {(intact ? "yes" : "NO")})",
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
