namespace ChatNetOps.Benchmarks.Execution;

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

/// <summary>
/// The minimum of the SSH test fixture (tests/ChatNetOps.Execution.Tests/Ssh/SshdFixture.cs) the benchmark needs: a
/// real OpenSSH sshd on 127.0.0.1 whose ForceCommand is tests/device-sim/device-sim.py, and local users as simulated
/// devices. Needs root and `sudo ci/install-sshd.sh`.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class BenchSshd : IAsyncDisposable
{
    private readonly string _prefix = "cnb" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
    private readonly List<string> _users = [];
    private int _pid;

    private BenchSshd(string directory) => Directory = directory;

    public string Directory { get; }

    public int Port { get; private set; }

    public string HostKeyFingerprint { get; private set; } = string.Empty;

    public string ClientKeyPath => Path.Combine(Directory, "client_ed25519");

    public string KnownHostsPath => Path.Combine(Directory, "known_hosts");

    /// <summary>
    /// The one user this sshd also serves as a jump host (local TCP forwarding allowed, as an OpenSSH bastion would;
    /// nothing runs for it: `ssh -J` and the executor only open direct-tcpip channels).
    /// </summary>
    public string JumpUser => _prefix + "jmp";

    public static string? MissingPrerequisites()
    {
        var missing = new List<string>();
        if (!string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
        {
            missing.Add("not running as root");
        }

        missing.AddRange(new[] { "/usr/sbin/sshd", "/usr/bin/ssh", "/usr/bin/python3", "/usr/bin/ssh-keygen", "/usr/sbin/useradd", "/usr/sbin/chpasswd" }
            .Where(t => !File.Exists(t)).Select(t => t + " is missing"));
        return missing.Count == 0 ? null : string.Join("; ", missing) + " (run `sudo ci/install-sshd.sh` and the benchmark as root)";
    }

    public static async Task<BenchSshd> StartAsync()
    {
        var sshd = new BenchSshd(Path.Combine(Path.GetTempPath(), "cno-bench-sshd-" + Guid.NewGuid().ToString("N")[..8]));
        var dir = sshd.Directory;
        foreach (var d in new[] { dir, Path.Combine(dir, "home"), Path.Combine(dir, "keys") })
        {
            System.IO.Directory.CreateDirectory(d);
            File.SetUnixFileMode(d, (UnixFileMode)0b111_101_101);
        }

        var sim = Path.Combine(dir, "device-sim.py");
        File.Copy(FindRepositoryFile(Path.Combine("tests", "device-sim", "device-sim.py")), sim);
        File.SetUnixFileMode(sim, (UnixFileMode)0b111_101_101);
        var hostKey = Path.Combine(dir, "host_ed25519");
        await RunAsync("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-f", hostKey]);
        await RunAsync("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-f", sshd.ClientKeyPath]);
        sshd.HostKeyFingerprint = (await RunAsync("/usr/bin/ssh-keygen", ["-lf", hostKey + ".pub"])).Split(' ')[1];
        System.IO.Directory.CreateDirectory("/run/sshd");

        sshd.Port = FreePort();
        await File.WriteAllTextAsync(Path.Combine(dir, "sshd_config"), $"""
            Port {sshd.Port}
            ListenAddress 127.0.0.1
            HostKey {hostKey}
            PidFile {Path.Combine(dir, "sshd.pid")}
            LogLevel ERROR
            PermitRootLogin no
            AllowUsers {sshd._prefix}*
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            AuthorizedKeysFile {Path.Combine(dir, "keys")}/%u
            UsePAM no
            StrictModes no
            MaxStartups 200
            MaxSessions 100
            UseDNS no
            PrintMotd no
            PrintLastLog no
            X11Forwarding no
            AllowTcpForwarding no
            ForceCommand /usr/bin/python3 {sim}
            Match User {sshd.JumpUser}
                AllowTcpForwarding local

            """);
        var hostPub = (await File.ReadAllTextAsync(hostKey + ".pub")).Trim();
        await File.WriteAllTextAsync(sshd.KnownHostsPath, $"[127.0.0.1]:{sshd.Port} {hostPub}\n");
        await RunAsync("/usr/sbin/sshd", ["-f", Path.Combine(dir, "sshd_config"), "-E", Path.Combine(dir, "sshd.log")]);
        var pidFile = Path.Combine(dir, "sshd.pid");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (File.Exists(pidFile) && int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out var pid))
            {
                sshd._pid = pid;
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, sshd.Port);
                    return sshd;
                }
                catch (SocketException)
                {
                    // Not listening yet.
                }
            }

            await Task.Delay(50);
        }

        await sshd.DisposeAsync();
        throw new InvalidOperationException("sshd did not start; see " + Path.Combine(dir, "sshd.log"));
    }

    /// <summary>Creates <see cref="JumpUser"/>, which logs in with the client key like every simulated device.</summary>
    public async Task CreateJumpUserAsync()
    {
        var home = Path.Combine(Directory, "home", JumpUser);
        await RunAsync("/usr/sbin/useradd", ["-m", "-d", home, "-s", "/bin/bash", JumpUser]);
        _users.Add(JumpUser);
        await RunAsync("/usr/sbin/chpasswd", [], stdin: $"{JumpUser}:{Convert.ToBase64String(RandomNumberGenerator.GetBytes(12))}\n");
        await File.WriteAllTextAsync(Path.Combine(Directory, "keys", JumpUser), await File.ReadAllTextAsync(ClientKeyPath + ".pub"));
    }

    /// <summary>A local user the simulator serves as <paramref name="platform"/> (fortios, cisco_ios, cisco_nxos, linux).</summary>
    public async Task<string> CreateUserAsync(string platform)
    {
        var name = $"{_prefix}{_users.Count:D2}";
        var home = Path.Combine(Directory, "home", name);
        await RunAsync("/usr/sbin/useradd", ["-m", "-d", home, "-s", "/bin/bash", name]);
        _users.Add(name);

        // A new account's password is locked, and sshd without PAM refuses locked accounts even for key logins.
        await RunAsync("/usr/sbin/chpasswd", [], stdin: $"{name}:{Convert.ToBase64String(RandomNumberGenerator.GetBytes(12))}\n");
        await File.WriteAllTextAsync(Path.Combine(Directory, "keys", name), await File.ReadAllTextAsync(ClientKeyPath + ".pub"));
        var platformFile = Path.Combine(home, "sim-platform");
        await File.WriteAllTextAsync(platformFile, platform + "\n");
        File.SetUnixFileMode(platformFile, (UnixFileMode)0b110_110_110);
        return name;
    }

    public async ValueTask DisposeAsync()
    {
        Kill(_pid);
        foreach (var user in _users)
        {
            var pidDir = Path.Combine(Directory, "home", user, "sim-pids");
            if (System.IO.Directory.Exists(pidDir))
            {
                foreach (var file in System.IO.Directory.GetFiles(pidDir))
                {
                    if (int.TryParse(Path.GetFileName(file), out var pid))
                    {
                        Kill(pid);
                    }
                }
            }

            await RunAsync("/usr/sbin/userdel", ["-f", user], throwOnError: false);
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A late session may still hold a file; /tmp is cleaned eventually.
        }
    }

    public static async Task<string> RunAsync(string file, IEnumerable<string> args, bool throwOnError = true, string? stdin = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + file);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (throwOnError && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', psi.ArgumentList)} exited {process.ExitCode}: {await stderr}");
        }

        return (await stdout).Trim();
    }

    private static string FindRepositoryFile(string relative)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}; run the benchmark from the repository.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Kill(int pid)
    {
        if (pid <= 0)
        {
            return;
        }

        try
        {
            using var p = Process.GetProcessById(pid);
            p.Kill();
        }
        catch (ArgumentException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }
}
