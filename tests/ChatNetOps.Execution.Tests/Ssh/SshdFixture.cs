namespace ChatNetOps.Execution.Tests.Ssh;

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using ChatNetOps.Core.Inventory;

/// <summary>
/// A real OpenSSH sshd on 127.0.0.1 whose ForceCommand is the device simulator (tests/device-sim/device-sim.py).
/// Each test gets its own local user (a simulated device) with its own platform, fault mode, state and log.
/// Needs root, /usr/sbin/sshd and /usr/bin/python3: run <c>sudo ci/install-sshd.sh</c>. Without them every SSH test fails.
/// </summary>
public sealed class SshdFixture : IAsyncLifetime, ISimServer
{
    public const string InstallHint =
        "The SSH tests need root, OpenSSH's /usr/sbin/sshd, ssh-keygen and Debian's /usr/bin/python3. Install them with `sudo ci/install-sshd.sh` and run the tests as root.";

    private readonly List<SimDevice> _devices = [];
    private readonly SemaphoreSlim _userLock = new(1, 1);
    private readonly string _prefix = "cno" + Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
    private int _sshdPid;

    public string Directory { get; private set; } = string.Empty;

    public string Address => "127.0.0.1";

    public int Port { get; private set; }

    /// <summary>The server's host key fingerprint as <c>ssh-keygen -lf</c> prints it.</summary>
    public string HostKeyFingerprint { get; private set; } = string.Empty;

    public string ClientKeyPath => Path.Combine(Directory, "client_ed25519");

    public string ClientKeyPem => File.ReadAllText(ClientKeyPath);

    public string SshdLogPath => Path.Combine(Directory, "sshd.log");

    public async Task InitializeAsync()
    {
        var missing = new List<string>();
        if (!string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
        {
            missing.Add("not running as root (needed to create test users)");
        }

        foreach (var tool in new[] { "/usr/sbin/sshd", "/usr/bin/python3", "/usr/bin/ssh-keygen", "/usr/sbin/useradd", "/usr/sbin/chpasswd" })
        {
            if (!File.Exists(tool))
            {
                missing.Add(tool + " is missing");
            }
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException(InstallHint + " Problems: " + string.Join("; ", missing) + ".");
        }

        Directory = Path.Combine(Path.GetTempPath(), "cno-sshd-" + _prefix);
        System.IO.Directory.CreateDirectory(Directory);
        SshdFixture.Chmod(Directory, (UnixFileMode)0b111_101_101);
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "home"));
        SshdFixture.Chmod(Path.Combine(Directory, "home"), (UnixFileMode)0b111_101_101);
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "keys"));
        SshdFixture.Chmod(Path.Combine(Directory, "keys"), (UnixFileMode)0b111_101_101);

        var sim = Path.Combine(Directory, "device-sim.py");
        File.Copy(FindSimulator(), sim);
        SshdFixture.Chmod(sim, (UnixFileMode)0b111_101_101);

        var hostKey = Path.Combine(Directory, "host_ed25519");
        await RunAsync("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-C", "chatnetops-test-host", "-f", hostKey]);
        await RunAsync("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-C", "chatnetops-test-client", "-f", ClientKeyPath]);
        HostKeyFingerprint = (await RunAsync("/usr/bin/ssh-keygen", ["-lf", hostKey + ".pub"])).Split(' ')[1];

        System.IO.Directory.CreateDirectory("/run/sshd");
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Port = FreePort();
            await File.WriteAllTextAsync(Path.Combine(Directory, "sshd_config"), Config(hostKey, sim));
            try
            {
                await StartSshdAsync();
                return;
            }
            catch (InvalidOperationException ex)
            {
                last = ex;
            }
        }

        throw new InvalidOperationException("sshd did not start on 127.0.0.1 (see " + SshdLogPath + "). " + InstallHint, last);
    }

    /// <summary>A new simulated device: a local user whose sessions the simulator serves as <paramref name="platform"/>.</summary>
    public async Task<SimDevice> CreateDeviceAsync(Platform platform, string? mode = null, bool vdoms = false, int sessionLimit = 2)
    {
        await _userLock.WaitAsync();
        try
        {
            var name = $"{_prefix}{_devices.Count:D3}";
            var home = Path.Combine(Directory, "home", name);
            var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12));
            if ((await RunAsync("/usr/bin/id", ["-u", name], throwOnError: false)).Length > 0)
            {
                await RunAsync("/usr/sbin/userdel", ["-f", name], throwOnError: false);
            }

            await RunAsync("/usr/sbin/useradd", ["-m", "-d", home, "-s", "/bin/bash", name]);
            await RunAsync("/usr/sbin/chpasswd", [], stdin: $"{name}:{password}\n");
            await File.WriteAllTextAsync(Path.Combine(Directory, "keys", name), await File.ReadAllTextAsync(ClientKeyPath + ".pub"));

            var device = new SimDevice(this, name, password, home, platform, sessionLimit);
            await device.WriteFileAsync("sim-platform", platform.ToName() + "\n");
            if (mode is not null)
            {
                await device.SetModeAsync(mode);
            }

            if (vdoms)
            {
                await device.WriteFileAsync("sim-vdoms", "root\ndmz\n");
            }

            _devices.Add(device);
            return device;
        }
        finally
        {
            _userLock.Release();
        }
    }

    /// <summary>Successful logins sshd recorded for a user (one per SSH connection).</summary>
    public int CountLogins(string user)
    {
        using var stream = new FileStream(SshdLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        return text.Split('\n').Count(l => l.Contains("Accepted ", StringComparison.Ordinal) && l.Contains($" for {user} from ", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        if (_sshdPid > 0)
        {
            KillPid(_sshdPid);
        }

        foreach (var device in _devices)
        {
            // Sessions still open (simulator, per-connection sshd) run as the test user: end them by pid.
            foreach (var pid in PidsOfUser(device.Uid))
            {
                KillPid(pid);
            }

            await RunAsync("/usr/sbin/userdel", ["-f", device.User], throwOnError: false);
        }

        // CNO_KEEP_SSHD_DIR=1 keeps the config, sshd.log and the devices' sim-log files for debugging.
        if (Directory.Length > 0 && System.IO.Directory.Exists(Directory) && Environment.GetEnvironmentVariable("CNO_KEEP_SSHD_DIR") != "1")
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A late session may still hold a file; /tmp is cleaned eventually.
            }
        }

        _userLock.Dispose();
    }

    internal static async Task<string> RunAsync(string file, string[] args, string? stdin = null, bool throwOnError = true)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(cts.Token);
        if (throwOnError && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}");
        }

        return (await stdout).Trim();
    }

    private async Task StartSshdAsync()
    {
        var pidFile = Path.Combine(Directory, "sshd.pid");
        File.Delete(pidFile);
        await RunAsync("/usr/sbin/sshd", ["-f", Path.Combine(Directory, "sshd_config"), "-E", SshdLogPath]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!timeout.IsCancellationRequested)
        {
            if (File.Exists(pidFile) && int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out var pid))
            {
                _sshdPid = pid;
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
                    return;
                }
                catch (SocketException)
                {
                    // Not listening yet.
                }
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException("sshd did not listen on port " + Port);
    }

    private string Config(string hostKey, string sim) => $"""
        Port {Port}
        ListenAddress 127.0.0.1
        HostKey {hostKey}
        PidFile {Path.Combine(Directory, "sshd.pid")}
        LogLevel INFO
        PermitRootLogin no
        AllowUsers {_prefix}*
        PubkeyAuthentication yes
        PasswordAuthentication yes
        KbdInteractiveAuthentication no
        AuthorizedKeysFile {Path.Combine(Directory, "keys")}/%u
        UsePAM no
        StrictModes no
        MaxStartups 200
        MaxSessions 100
        MaxAuthTries 4
        LoginGraceTime 20
        UseDNS no
        PrintMotd no
        PrintLastLog no
        X11Forwarding no
        AllowTcpForwarding no
        ForceCommand /usr/bin/python3 {sim}

        """;

    internal static string FindSimulator()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "device-sim", "device-sim.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/device-sim/device-sim.py not found above " + AppContext.BaseDirectory);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static IEnumerable<int> PidsOfUser(int uid)
    {
        if (uid <= 0)
        {
            yield break;
        }

        foreach (var dir in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            string status;
            try
            {
                status = File.ReadAllText(Path.Combine(dir, "status"));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            var line = status.Split('\n').FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            if (line is not null && line.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) == uid.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                yield return pid;
            }
        }
    }

    internal static void Chmod(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    internal static void KillPid(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            p.Kill();
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
