namespace ChatNetOps.Benchmarks.Requests;

using System.Diagnostics;
using System.Globalization;
using ChatNetOps.Benchmarks.Storage;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Storage.Sqlite;
using ChatNetOps.Testing.Requests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

/// <summary>
/// <c>backfill</c>: the once-per-store fill of the device-change projection (<see cref="DeviceChangeBackfill"/>) over
/// SQLite trails of 100,000 and 1,000,000 audit events (runs on 2,000 devices: read-only and state-changing, some
/// fan-outs, in day and incident partitions, each with its request record), written once through the real AuditTrail
/// and kept under CHATNETOPS_BACKFILL_BENCH_DIR (default a temp folder). Each fill runs in a child process with the
/// projection and marker emptied first, so its peak working set and GC heap are the fill's alone: memory bounded means
/// the two trails' peaks are about the same.
/// </summary>
internal static class BackfillBenchmark
{
    private const int Writers = 4;
    private const int Devices = 2_000;
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync()
    {
        var directory = Environment.GetEnvironmentVariable("CHATNETOPS_BACKFILL_BENCH_DIR") ?? Path.Combine(Path.GetTempPath(), "chatnetops-backfill-bench");
        Console.WriteLine($"ChatNetOps device-change fill benchmark in {directory}");
        Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var table = new ResultTable();
        foreach (var target in new[] { 100_000, 1_000_000 })
        {
            var path = Path.Combine(directory, $"trail-{target}.db");
            var events = await EnsureTrailAsync(path, target);
            var figures = Figures(await RunChildAsync(path));
            var label = $"{events:N0} events";
            table.Add($"{label}: fill (events read / runs / entries recorded)", $"{figures["events"]} / {figures["runs"]} / {figures["recorded"]}");
            table.Add($"{label}: wall (cpu)", string.Create(CultureInfo.InvariantCulture, $"{double.Parse(figures["wallMs"], CultureInfo.InvariantCulture) / 1000:F1} s (cpu {double.Parse(figures["cpuMs"], CultureInfo.InvariantCulture) / 1000:F1} s)"));
            table.Add($"{label}: peak GC heap (sampled)", figures["peakHeapMiB"] + " MiB");
            table.Add($"{label}: peak working set", figures["peakWorkingSetMiB"] + " MiB");
            table.Add($"{label}: allocated", figures["allocatedMiB"] + " MiB");
        }

        table.Print(Console.Out);
    }

    /// <summary>The child: empties the projection and marker, runs one fill, prints its figures.</summary>
    public static async Task RunOneAsync(string path)
    {
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var reset = connection.CreateCommand();
            reset.CommandText = "DELETE FROM device_last_changes; DELETE FROM device_change_backfill;";
            reset.ExecuteNonQuery();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var services = SqliteTrail.Services(path);
        var backfill = new DeviceChangeBackfill(
            services.GetRequiredService<IAuditLog>(), services.GetRequiredService<IRequestStore>(), services.GetRequiredService<IDeviceChangeStore>(),
            services.GetRequiredService<IDeviceChangeBackfillStore>(), TimeProvider.System, NullLogger<DeviceChangeBackfill>.Instance);
        GC.Collect();
        var peakHeap = 0L;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
            while (await timer.WaitForNextTickAsync(sampling.Token).AsTask().ContinueWith(t => !t.IsCanceled, TaskScheduler.Default))
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
            }
        });
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = CpuClock.Start();
        var watch = Stopwatch.StartNew();
        var done = await backfill.TryRunAsync(CancellationToken.None) ?? throw new InvalidOperationException("the fill did not run");
        watch.Stop();
        var cpuTime = cpu.Elapsed;
        await sampling.CancelAsync();
        await sampler;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"figure wallMs={watch.Elapsed.TotalMilliseconds:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"figure cpuMs={cpuTime.TotalMilliseconds:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"figure events={done.Events}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"figure runs={done.Runs}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"figure recorded={done.Recorded}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"figure peakWorkingSetMiB={process.PeakWorkingSet64 / 1048576}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"figure peakHeapMiB={peakHeap / 1048576}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"figure allocatedMiB={allocated / 1048576}"));
    }

    private static Dictionary<string, string> Figures(List<string> lines) =>
        lines.Where(l => l.StartsWith("figure ", StringComparison.Ordinal)).Select(l => l[7..].Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    private static async Task<List<string>> RunChildAsync(string path)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(BackfillBenchmark).Assembly.Location);
        }

        start.ArgumentList.Add("backfill-run");
        start.ArgumentList.Add(path);
        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the fill child process");
        var lines = new List<string>();
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }

        await child.WaitForExitAsync();
        return lines;
    }

    private static async Task<long> EnsureTrailAsync(string path, int target)
    {
        var complete = path + ".complete";
        if (File.Exists(complete))
        {
            return long.Parse(await File.ReadAllTextAsync(complete), CultureInfo.InvariantCulture);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists))
        {
            File.Delete(file);
        }

        await using var services = SqliteTrail.Services(path);
        var watch = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteShareAsync(services, w, target / Writers))));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {counts.Sum():N0} events and their request records in {watch.Elapsed.TotalSeconds:F0} s"));
        await File.WriteAllTextAsync(complete, counts.Sum().ToString(CultureInfo.InvariantCulture));
        return counts.Sum();
    }

    /// <summary>One writer's share: its own stretch of days and incidents (writers never share a partition).</summary>
    private static async Task<long> WriteShareAsync(IServiceProvider services, int writer, int share)
    {
        var time = new FakeTimeProvider(Start.AddDays(writer * 1000));
        var counting = new CountingLog(new AuditTrail(services.GetRequiredService<IAuditStore>(), time));
        var history = new ChangeHistory(counting, services.GetRequiredService<IRequestStore>(), time);
        var random = new Random(writer);
        var cycle = 0;
        while (counting.Count < share)
        {
            cycle++;
            var device = $"sw-{random.Next(Devices):D4}";
            var incident = cycle % 3 == 0 ? $"INC-{writer}{cycle / 60:D6}" : null;
            await history.RunAsync($"R-{writer}{cycle:D8}R", [device], RequestStatus.Succeeded, mode: RunbookMode.ReadOnly, runbook: "show-interface", incident: incident);
            time.Advance(TimeSpan.FromMinutes(random.Next(1, 20)));
            string[] targets = cycle % 25 == 0 ? [device, $"sw-{random.Next(Devices):D4}", $"sw-{random.Next(Devices):D4}"] : [device];
            await history.RunAsync($"R-{writer}{cycle:D8}C", [.. targets.Distinct()], cycle % 11 == 0 ? RequestStatus.Failed : RequestStatus.Succeeded,
                approver: ChangeHistory.Bob, incident: incident, failedDevices: cycle % 11 == 0 ? [device] : null);
            time.Advance(TimeSpan.FromMinutes(random.Next(1, 20)));
        }

        return counting.Count;
    }
}
