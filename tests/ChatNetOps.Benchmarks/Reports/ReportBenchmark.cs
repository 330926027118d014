namespace ChatNetOps.Benchmarks.Reports;

using System.Diagnostics;
using System.Globalization;
using ChatNetOps.Benchmarks.Storage;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Reports;
using ChatNetOps.Storage.Sqlite;
using ChatNetOps.Testing.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

/// <summary>
/// <c>report</c>: a report over 1,000,000 audit events in SQLite (target ≤ 10 s, memory bounded). The trail is written
/// once through the real AuditTrail (kept at CHATNETOPS_REPORT_BENCH_DB, default a temp file, reused when complete);
/// the report runs in a child process so its peak working set is the report's alone.
/// </summary>
internal static class ReportBenchmark
{
    public const int TargetEvents = 1_000_000;
    private const int Writers = 4;
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync()
    {
        var path = Environment.GetEnvironmentVariable("CHATNETOPS_REPORT_BENCH_DB") ?? Path.Combine(Path.GetTempPath(), "chatnetops-report-bench", "audit.db");
        Console.WriteLine($"ChatNetOps report benchmark: {TargetEvents:N0} audit events in SQLite at {path}");
        Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var events = await EnsureTrailAsync(path);
        Console.WriteLine($"trail holds {events:N0} events");

        var verifyOnly = await RunChildAsync(path, "verify");
        var lines = await RunChildAsync(path, "report");
        var figures = Figures(lines);
        var verifyFigures = Figures(verifyOnly);
        var wall = TimeSpan.FromMilliseconds(double.Parse(figures["wallMs"], CultureInfo.InvariantCulture));
        var table = new ResultTable();
        table.Add($"report over {long.Parse(figures["verified"], CultureInfo.InvariantCulture):N0} verified events ({figures["partitions"]} partitions)",
            string.Create(CultureInfo.InvariantCulture, $"{wall.TotalSeconds:F2} s (cpu {double.Parse(figures["cpuMs"], CultureInfo.InvariantCulture) / 1000:F2} s)"), "≤ 10 s", wall <= Target);
        table.Add("for comparison: AuditVerifier.VerifyAll alone, same trail",
            string.Create(CultureInfo.InvariantCulture, $"{double.Parse(verifyFigures["wallMs"], CultureInfo.InvariantCulture) / 1000:F2} s (cpu {double.Parse(verifyFigures["cpuMs"], CultureInfo.InvariantCulture) / 1000:F2} s)"));
        table.Add("report process peak working set", figures["peakWorkingSetMiB"] + " MiB");
        table.Add("report process peak GC heap (sampled)", figures["peakHeapMiB"] + " MiB");
        table.Add("allocated during the report", figures["allocatedMiB"] + " MiB");
        table.Add("chain verdict", figures["verdict"]);
        table.Print(Console.Out);
        foreach (var line in lines.Where(l => !l.StartsWith("figure ", StringComparison.Ordinal)))
        {
            Console.WriteLine(line);
        }
    }

    private static Dictionary<string, string> Figures(List<string> lines) =>
        lines.Where(l => l.StartsWith("figure ", StringComparison.Ordinal)).Select(l => l[7..].Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    private static async Task<List<string>> RunChildAsync(string path, string what)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(ReportBenchmark).Assembly.Location);
        }

        start.ArgumentList.Add("report-run");
        start.ArgumentList.Add(path);
        start.ArgumentList.Add(what);
        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the report child process");
        var lines = new List<string>();
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }

        await child.WaitForExitAsync();
        return lines;
    }

    /// <summary>The child: one report, its figures on stdout.</summary>
    public static async Task RunOneAsync(string path, bool verifyOnly)
    {
        await using var services = SqliteTrail.Services(path);
        var log = services.GetRequiredService<IAuditLog>();
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
        if (verifyOnly)
        {
            var results = await new AuditVerifier(log).VerifyAllAsync(CancellationToken.None);
            watch.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"figure wallMs={watch.Elapsed.TotalMilliseconds:F0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"figure cpuMs={cpu.Elapsed.TotalMilliseconds:F0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"figure verified={results.Sum(r => r.Events)}"));
            await sampling.CancelAsync();
            await sampler;
            return;
        }

        var report = await new AuditReportBuilder(log, TimeProvider.System)
            .BuildAsync(new ReportQuery(Start.AddDays(-1), Start.AddYears(2), null), ReportLookups.None, CancellationToken.None);
        watch.Stop();
        var cpuTime = cpu.Elapsed;
        await sampling.CancelAsync();
        await sampler;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"figure wallMs={watch.Elapsed.TotalMilliseconds:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"figure cpuMs={cpuTime.TotalMilliseconds:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"figure verified={report.Chain.VerifiedEvents}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"figure partitions={report.Chain.PartitionsRead}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"figure peakWorkingSetMiB={process.PeakWorkingSet64 / 1048576}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"figure peakHeapMiB={peakHeap / 1048576}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"figure allocatedMiB={allocated / 1048576}"));
        Console.WriteLine($"figure verdict={report.Chain.Describe()}");
        Console.WriteLine("summary: " + string.Join(" ", ReportWriter.ToText(report, ReportFormat.Md).Split('\n').Skip(4).First()));
    }

    private static async Task<long> EnsureTrailAsync(string path)
    {
        if (File.Exists(path))
        {
            await using var existing = SqliteTrail.Services(path);
            var log = existing.GetRequiredService<IAuditLog>();
            long count = 0;
            foreach (var partition in await log.ListPartitionsAsync(CancellationToken.None))
            {
                count += (await existing.GetRequiredService<IAuditStore>().GetLastAsync(partition, CancellationToken.None))?.Sequence ?? 0;
            }

            if (count >= TargetEvents)
            {
                return count;
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var services = SqliteTrail.Services(path);
        var store = services.GetRequiredService<IAuditStore>();
        var watch = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteShareAsync(store, w, TargetEvents / Writers))));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {counts.Sum():N0} events through AuditTrail in {watch.Elapsed.TotalSeconds:F0} s"));
        return counts.Sum();
    }

    /// <summary>
    /// One writer's share: its own stretch of days (so writers never share a partition), a realistic mix of refusals,
    /// read-only runs, approved/rejected/expired changes, lock contention and incidents.
    /// </summary>
    private static async Task<long> WriteShareAsync(IAuditStore store, int writer, int share)
    {
        var time = new FakeTimeProvider(Start.AddDays(writer * 120));
        var counting = new CountingLog(new AuditTrail(store, time));
        var s = new AuditScenario(counting, time);
        var alice = AuditScenario.Member("alice");
        var carol = AuditScenario.Member("carol");
        var random = new Random(writer);
        string[] runbooks = ["show-interface", "bounce-interface", "show-bgp", "set-vlan", "ping"];
        string[] reasons = ["NotGranted", "WrongChannel", "MissingIncident", "InvalidInput", "SelfApproval"];
        string[] typed = ["shwo int", "sh ip bgp summ", "conf t", "reload", "show run"];
        var cycle = 0;
        string? incident = null;
        while (counting.Count < share)
        {
            cycle++;
            if (cycle % 50 == 1)
            {
                incident = $"INC-{writer}{cycle:D6}";
                await s.OpenIncidentAsync(incident, "bench incident " + cycle, 1 + (cycle % 4), alice);
            }

            var device = $"sw-{random.Next(200):D3}";
            var read = await s.RequestAsync(alice, runbooks[cycle % 5 == 0 ? 2 : 0], device, stateChanging: false, incident);
            await s.RunAsync(read, cycle % 17 == 0 ? AuditKind.Failed : AuditKind.Succeeded, TimeSpan.FromMilliseconds(300 + random.Next(4000)));
            var change = await s.RequestAsync(alice, runbooks[cycle % 2 == 0 ? 1 : 3], device, stateChanging: true, incident);
            s.Advance(TimeSpan.FromSeconds(20 + random.Next(600)));
            switch (cycle % 10)
            {
                case 0:
                    await s.ExpireAsync(change);
                    break;
                case 1:
                    await s.DecideAsync(change, carol, approve: false);
                    break;
                default:
                    await s.DecideAsync(change, carol, approve: true);
                    await s.RunAsync(change, cycle % 23 == 0 ? AuditKind.TimedOut : AuditKind.Succeeded, TimeSpan.FromSeconds(2 + random.Next(30)));
                    break;
            }

            await s.DenyAsync(alice, reasons[cycle % 5], runbooks[cycle % 5], incident: cycle % 3 == 0 ? incident : null);
            await s.DenyAsync(alice, "InvalidCommand", text: typed[random.Next(typed.Length)] + (cycle % 7 == 0 ? " " + cycle : string.Empty));
            if (cycle % 4 == 0)
            {
                await s.LockRefusedAsync(carol, "set-vlan", device);
            }

            s.Advance(TimeSpan.FromMinutes(random.Next(1, 30)));
            if (cycle % 50 == 0 && incident is not null)
            {
                await s.CloseIncidentAsync(incident, alice);
                incident = null;
            }
        }

        return counting.Count;
    }
}
