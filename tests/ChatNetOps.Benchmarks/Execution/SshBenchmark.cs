namespace ChatNetOps.Benchmarks.Execution;

using System.Diagnostics;
using System.Globalization;
using ChatNetOps.Benchmarks.Storage;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Per-command time of the SSH executor against the OpenSSH client, both talking to the same real sshd whose
/// ForceCommand is the device simulator, with the same ed25519 key. Cold: a new connection per command (OpenSSH
/// <c>ssh host cmd</c>; the executor with a state-changing plan, which never reuses a session). Reused: consecutive
/// read-only runs on the executor's pooled session (and OpenSSH ControlMaster multiplexing for reference).
/// Goals: executor cold ≤ 1.0× OpenSSH cold; executor reused ≤ 0.3× OpenSSH cold.
/// </summary>
internal static class SshBenchmark
{
    private const int Iterations = 30;
    private const int Warmup = 3;

    public static async Task RunAsync()
    {
        if (OperatingSystem.IsWindows())
        {
            Console.Error.WriteLine("ssh benchmark runs on Linux only (OpenSSH sshd as root).");
            return;
        }

        await RunOnUnixAsync();
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static async Task RunOnUnixAsync()
    {
        if (BenchSshd.MissingPrerequisites() is { } missing)
        {
            Console.Error.WriteLine("ssh benchmark needs a local sshd: " + missing);
            return;
        }

        await using var sshd = await BenchSshd.StartAsync();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ICredentialProvider>(new BenchCredentials(new DeviceCredential("x") { PrivateKeyPem = await File.ReadAllTextAsync(sshd.ClientKeyPath) }));
        services.AddChatNetOpsExecution();
        await using var provider = services.BuildServiceProvider();
        var executor = provider.GetServices<IDeviceExecutor>().Single(e => e.Transport == Transport.Ssh);

        Console.WriteLine($"ChatNetOps SSH benchmark: sshd on 127.0.0.1:{sshd.Port}, ForceCommand device-sim.py, ed25519 key auth, {Iterations} iterations (median)");
        Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var table = new ResultTable();
        foreach (var (platform, command) in new[] { (Platform.Linux, "uptime"), (Platform.FortiOS, "get system status") })
        {
            var user = await sshd.CreateUserAsync(platform.ToName());
            var device = new Device("bench-" + platform.ToName(), platform, [], "bench", "127.0.0.1", sshd.Port, Transport.Ssh, user, sshd.HostKeyFingerprint, 4);
            var openSshCold = await MedianAsync(() => OpenSshAsync(sshd, user, command, null));
            var executorCold = await MedianAsync(() => ExecutorAsync(executor, device, RunbookMode.StateChanging, command));
            var executorReused = await MedianAsync(() => ExecutorAsync(executor, device, RunbookMode.ReadOnly, command));
            var control = Path.Combine(sshd.Directory, "cm-" + user);
            await BenchSshd.RunAsync("/usr/bin/ssh", [.. OpenSshOptions(sshd), "-o", "ControlMaster=yes", "-o", "ControlPath=" + control, "-o", "ControlPersist=120", "-fN", $"{user}@127.0.0.1"]);
            TimeSpan openSshMux;
            try
            {
                openSshMux = await MedianAsync(() => OpenSshAsync(sshd, user, command, control));
            }
            finally
            {
                await BenchSshd.RunAsync("/usr/bin/ssh", ["-o", "ControlPath=" + control, "-O", "exit", $"{user}@127.0.0.1"], throwOnError: false);
            }

            var name = platform == Platform.Linux ? $"linux exec '{command}'" : $"fortios shell '{command}'";
            table.Add($"{name}: OpenSSH cold (ssh host cmd)", Ms(openSshCold));
            table.Add($"{name}: executor cold (new session)", Ms(executorCold) + $" = {executorCold / openSshCold:0.00}x", "<= 1.00x", executorCold <= openSshCold);
            table.Add($"{name}: executor reused (pooled session)", Ms(executorReused) + $" = {executorReused / openSshCold:0.00}x", "<= 0.30x", executorReused <= openSshCold * 0.3);
            table.Add($"{name}: OpenSSH ControlMaster (reference)", Ms(openSshMux) + $" = {openSshMux / openSshCold:0.00}x");
        }

        Console.WriteLine();
        table.Print(Console.Out);
    }

    private static async Task<TimeSpan> MedianAsync(Func<Task> once)
    {
        for (var i = 0; i < Warmup; i++)
        {
            await once();
        }

        var samples = new List<TimeSpan>(Iterations);
        for (var i = 0; i < Iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await once();
            samples.Add(Stopwatch.GetElapsedTime(start));
        }

        samples.Sort();
        return samples[samples.Count / 2];
    }

    private static async Task ExecutorAsync(IDeviceExecutor executor, Device device, RunbookMode mode, string command)
    {
        var plan = new DeviceCommandPlan("bench", device, "bench", mode, [command], new Dictionary<string, string>(), TimeSpan.FromSeconds(30));
        var result = await executor.ExecuteAsync(plan, CancellationToken.None);
        if (result.Status != ExecutionStatus.Succeeded)
        {
            throw new InvalidOperationException($"executor run failed: {result.Status} {result.Error}");
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static Task<string> OpenSshAsync(BenchSshd sshd, string user, string command, string? controlPath) =>
        BenchSshd.RunAsync("/usr/bin/ssh", [.. OpenSshOptions(sshd), "-o", controlPath is null ? "ControlMaster=no" : "ControlPath=" + controlPath, $"{user}@127.0.0.1", command]);

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string[] OpenSshOptions(BenchSshd sshd) =>
    [
        "-F", "/dev/null", "-p", sshd.Port.ToString(CultureInfo.InvariantCulture),
        "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + sshd.KnownHostsPath,
        "-o", "IdentitiesOnly=yes", "-i", sshd.ClientKeyPath, "-o", "LogLevel=ERROR",
    ];

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
}
