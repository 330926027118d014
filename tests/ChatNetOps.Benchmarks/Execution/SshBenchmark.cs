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
/// <para>
/// One hop: the same sshd also serves a jump user (local forwarding only), and the device is reached through it.
/// OpenSSH <c>ssh -J</c> (a second ssh process and handshake per command) against the executor with the jump
/// connection cold (pooling off: a new jump connection and device session per run), with the jump connection pooled
/// (a new device session over a new direct-tcpip channel) and with the device session pooled too. The hop's cost is
/// each one minus the same path without the hop. Goals: executor via jump cold ≤ 1.0× <c>ssh -J</c>; a pooled hop adds
/// ≤ 0.25× OpenSSH's direct cold time to a new device session.
/// </para>
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
        var key = await File.ReadAllTextAsync(sshd.ClientKeyPath);
        await using var provider = Executor(key, pooled: true);
        await using var unpooled = Executor(key, pooled: false);
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

        await OneHopAsync(sshd, executor, unpooled.GetServices<IDeviceExecutor>().Single(e => e.Transport == Transport.Ssh), table);

        Console.WriteLine();
        table.Print(Console.Out);
    }

    /// <summary>The cost of one jump host, cold and pooled, next to OpenSSH <c>ssh -J</c>.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static async Task OneHopAsync(BenchSshd sshd, IDeviceExecutor executor, IDeviceExecutor unpooled, ResultTable table)
    {
        const string Command = "uptime";
        await sshd.CreateJumpUserAsync();
        var user = await sshd.CreateUserAsync(Platform.Linux.ToName());
        var jump = new JumpHost("bench-jump", "127.0.0.1", sshd.Port, sshd.JumpUser, sshd.HostKeyFingerprint, SessionLimit: 4);
        var direct = new Device("bench-hop", Platform.Linux, [], "bench", "127.0.0.1", sshd.Port, Transport.Ssh, user, sshd.HostKeyFingerprint, 4);
        var viaJump = direct with { Via = [jump] };
        var config = Path.Combine(sshd.Directory, "ssh_config");
        var control = Path.Combine(sshd.Directory, "cm-jump");
        var port = sshd.Port.ToString(CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(config, $"""
            Host jump-mux
                HostName 127.0.0.1
                User {sshd.JumpUser}
                ControlPath {control}
            Host *
                Port {port}
                BatchMode yes
                StrictHostKeyChecking yes
                UserKnownHostsFile {sshd.KnownHostsPath}
                IdentitiesOnly yes
                IdentityFile {sshd.ClientKeyPath}
                LogLevel ERROR
                ControlMaster no

            """);
        string[] device = ["-F", config, $"{user}@127.0.0.1", Command];

        var openSshDirect = await MedianAsync(() => BenchSshd.RunAsync("/usr/bin/ssh", device));
        var openSshJump = await MedianAsync(() => BenchSshd.RunAsync("/usr/bin/ssh", ["-J", $"{sshd.JumpUser}@127.0.0.1:{port}", .. device]));
        await BenchSshd.RunAsync("/usr/bin/ssh", ["-F", config, "-o", "ControlMaster=yes", "-o", "ControlPersist=120", "-fN", "jump-mux"]);
        TimeSpan openSshJumpMux;
        try
        {
            openSshJumpMux = await MedianAsync(() => BenchSshd.RunAsync("/usr/bin/ssh", ["-J", "jump-mux", .. device]));
        }
        finally
        {
            await BenchSshd.RunAsync("/usr/bin/ssh", ["-F", config, "-O", "exit", "jump-mux"], throwOnError: false);
        }

        var directCold = await MedianAsync(() => ExecutorAsync(executor, direct, RunbookMode.StateChanging, Command));
        var directPooled = await MedianAsync(() => ExecutorAsync(executor, direct, RunbookMode.ReadOnly, Command));
        var hopCold = await MedianAsync(() => ExecutorAsync(unpooled, viaJump, RunbookMode.StateChanging, Command));
        var hopPooled = await MedianAsync(() => ExecutorAsync(executor, viaJump, RunbookMode.StateChanging, Command));
        var sessionPooled = await MedianAsync(() => ExecutorAsync(executor, viaJump, RunbookMode.ReadOnly, Command));

        const string Name = "one hop, linux exec 'uptime'";
        table.Add($"{Name}: OpenSSH direct cold (ssh host cmd)", Ms(openSshDirect));
        table.Add($"{Name}: OpenSSH ssh -J cold", Ms(openSshJump) + $" (hop {Delta(openSshJump, openSshDirect)})");
        table.Add($"{Name}: OpenSSH ssh -J, jump via ControlMaster (reference)", Ms(openSshJumpMux) + $" (hop {Delta(openSshJumpMux, openSshDirect)})");
        table.Add($"{Name}: executor direct cold (new session)", Ms(directCold));
        table.Add($"{Name}: executor via jump cold (new jump + device session)", Ms(hopCold) + $" = {hopCold / openSshJump:0.00}x ssh -J (hop {Delta(hopCold, directCold)})", "<= 1.00x", hopCold <= openSshJump);
        table.Add($"{Name}: executor via jump, jump pooled (new device session)", Ms(hopPooled) + $" (hop {Delta(hopPooled, directCold)} = {(hopPooled - directCold) / openSshDirect:0.00}x OpenSSH cold)", "hop <= 0.25x", hopPooled - directCold <= openSshDirect * 0.25);
        table.Add($"{Name}: executor via jump, device session pooled", Ms(sessionPooled) + $" (hop {Delta(sessionPooled, directPooled)})");
    }

    /// <summary>An SSH executor with its own pools; <paramref name="pooled"/> false turns idle pooling off (every run cold).</summary>
    private static ServiceProvider Executor(string clientKey, bool pooled)
    {
        var services = new ServiceCollection();
        var settings = new Dictionary<string, string?>();
        if (!pooled)
        {
            settings[$"{ChatNetOps.Execution.Ssh.SshExecutorOptions.SectionName}:IdleTimeout"] = "00:00:00";
        }

        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ICredentialProvider>(new BenchCredentials(new DeviceCredential("x") { PrivateKeyPem = clientKey }));
        services.AddChatNetOpsExecution();
        return services.BuildServiceProvider();
    }

    private static string Delta(TimeSpan with, TimeSpan without) =>
        ((with - without).TotalMilliseconds >= 0 ? "+" : string.Empty) + (with - without).TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

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
