namespace ChatNetOps.Execution.Tests.Jump;

using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Execution.Tests.Ssh;

/// <summary>
/// Real OpenSSH servers for the jump host tests, each with its own host key:
/// <list type="bullet">
/// <item>on 127.0.0.1 (always): <see cref="LoopbackJump"/>, a jump host (TCP forwarding only, no shell), and
/// <see cref="LoopbackDevice"/>, an sshd whose ForceCommand is the device simulator;</item>
/// <item>in two network namespaces the fixture creates and removes (when <see cref="Netns"/> can): namespace A holds
/// jump host <see cref="JumpA"/>, reachable from the test over a veth pair; namespace B, joined only to A by a
/// second veth pair (A does not route), holds jump host <see cref="JumpB"/> and the simulator's sshd
/// <see cref="NetDevice"/> on B's address and on B's own 127.0.0.1. So <see cref="DeviceOnB"/> is reachable only
/// through jump host A, and <see cref="DeviceOnBLoopback"/> only through jump host B.</item>
/// </list>
/// Simulated device users (<see cref="CreateDeviceAsync"/>) log in on any of the device sshds; the jump hosts accept
/// one jump user. Needs root, sshd and python3 like <see cref="SshdFixture"/>.
/// </summary>
public sealed class JumpNetworkFixture : IAsyncLifetime, ISimServer
{
    public const string JumpCredential = "jump-cred";

    private readonly string _prefix = "cnj" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
    private readonly List<SimDevice> _devices = [];
    private readonly List<string> _users = [];
    private readonly List<SshdProcess> _servers = [];
    private readonly SemaphoreSlim _userLock = new(1, 1);
    private readonly List<string> _namespaces = [];
    private string? _rootVeth;
    private string _simPath = string.Empty;

    public string Directory { get; private set; } = string.Empty;

    public string ClientKeyPath => Path.Combine(Directory, "client_ed25519");

    public string ClientKeyPem => File.ReadAllText(ClientKeyPath);

    /// <summary>The local user every jump host accepts, and its password.</summary>
    public string JumpUser { get; private set; } = string.Empty;

    public string JumpPassword { get; private set; } = string.Empty;

    public int JumpUid { get; private set; }

    public DeviceCredential JumpCredentialValue => new(JumpUser) { Password = JumpPassword };

    internal SshdProcess LoopbackJump { get; private set; } = null!;

    public int LoopbackJumpPort { get; private set; }

    public string LoopbackJumpFingerprint { get; private set; } = string.Empty;

    internal SshdProcess LoopbackDevice { get; private set; } = null!;

    public string Address => "127.0.0.1";

    /// <summary>Port of <see cref="LoopbackDevice"/>.</summary>
    public int Port { get; private set; }

    /// <summary>Host key of every device sshd (a device keeps its key whichever way it is reached).</summary>
    public string HostKeyFingerprint { get; private set; } = string.Empty;

    /// <summary>True when the namespaces exist (<see cref="Netns.UnavailableReason"/> is null).</summary>
    public bool HasNamespaces { get; private set; }

    internal SshdProcess JumpA { get; private set; } = null!;

    internal SshdProcess JumpB { get; private set; } = null!;

    internal SshdProcess NetDevice { get; private set; } = null!;

    /// <summary>Namespace B's name, for servers a test starts in it.</summary>
    public string NamespaceB { get; private set; } = string.Empty;

    /// <summary>Jump host A's address on the veth pair the test reaches it by.</summary>
    public string JumpAAddress { get; private set; } = string.Empty;

    /// <summary>Jump host A's address on the pair that joins it to namespace B (where B sees A's connections come from).</summary>
    public string JumpAToB { get; private set; } = string.Empty;

    /// <summary>Namespace B's address (jump host B and the device's sshd listen on it).</summary>
    public string BAddress { get; private set; } = string.Empty;

    public string JumpAFingerprint { get; private set; } = string.Empty;

    public string JumpBFingerprint { get; private set; } = string.Empty;

    public const int NetDevicePort = 2222;

    public JumpHost LoopbackJumpHost(string name = "jump-01", int sessionLimit = 2, int channels = 10) =>
        new(name, "127.0.0.1", LoopbackJumpPort, JumpCredential, LoopbackJumpFingerprint, sessionLimit, channels);

    public JumpHost JumpHostA(int sessionLimit = 2) => new("jump-01", JumpAAddress, 22, JumpCredential, JumpAFingerprint, sessionLimit);

    public JumpHost JumpHostB(int sessionLimit = 2) => new("jump-02", BAddress, 22, JumpCredential, JumpBFingerprint, sessionLimit);

    /// <summary>The simulated device on namespace B's address: jump host A can reach it, the test cannot.</summary>
    public Device DeviceOnB(SimDevice sim) => sim.Device with { Address = BAddress, Port = NetDevicePort };

    /// <summary>The simulated device on namespace B's own loopback: only jump host B (inside B) can reach it.</summary>
    public Device DeviceOnBLoopback(SimDevice sim) => sim.Device with { Address = "127.0.0.1", Port = NetDevicePort };

    public async Task InitializeAsync()
    {
        var missing = new[] { "/usr/sbin/sshd", "/usr/bin/python3", "/usr/bin/ssh-keygen", "/usr/sbin/useradd", "/usr/sbin/chpasswd" }.Where(t => !File.Exists(t)).ToList();
        if (!string.Equals(Environment.UserName, "root", StringComparison.Ordinal) || missing.Count > 0)
        {
            throw new InvalidOperationException(SshdFixture.InstallHint + " Missing: " + string.Join(", ", missing.DefaultIfEmpty("root")));
        }

        Directory = Path.Combine(Path.GetTempPath(), "cno-jump-" + _prefix);
        foreach (var d in new[] { Directory, Path.Combine(Directory, "home"), Path.Combine(Directory, "keys") })
        {
            System.IO.Directory.CreateDirectory(d);
            SshdFixture.Chmod(d, (UnixFileMode)0b111_101_101);
        }

        _simPath = Path.Combine(Directory, "device-sim.py");
        File.Copy(SshdFixture.FindSimulator(), _simPath);
        SshdFixture.Chmod(_simPath, (UnixFileMode)0b111_101_101);
        await SshdFixture.RunAsync("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-C", "chatnetops-jump-client", "-f", ClientKeyPath]);
        HostKeyFingerprint = await HostKeyAsync("device");
        LoopbackJumpFingerprint = await HostKeyAsync("jump-lo");
        System.IO.Directory.CreateDirectory("/run/sshd");

        JumpUser = _prefix + "j";
        JumpPassword = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12));
        await AddUserAsync(JumpUser, JumpPassword);
        JumpUid = ReadUid(JumpUser);

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                LoopbackJumpPort = SshdFixture.FreePort();
                LoopbackJump = await StartAsync("jump-lo", JumpConfig("jump-lo", [("127.0.0.1", LoopbackJumpPort)]), [("127.0.0.1", LoopbackJumpPort)]);
                Port = SshdFixture.FreePort();
                LoopbackDevice = await StartAsync("device-lo", DeviceConfig([("127.0.0.1", Port)]), [("127.0.0.1", Port)]);
                break;
            }
            catch (InvalidOperationException) when (attempt < 2)
            {
                // A port taken between probing and binding: try others.
                foreach (var server in _servers)
                {
                    server.Stop();
                }

                _servers.Clear();
            }
        }

        if (Netns.UnavailableReason is null)
        {
            await CreateNamespacesAsync();
        }
    }

    /// <summary>A new simulated device user (like <see cref="SshdFixture.CreateDeviceAsync"/>), served by every device sshd.</summary>
    public async Task<SimDevice> CreateDeviceAsync(Platform platform, string? mode = null, int sessionLimit = 2)
    {
        await _userLock.WaitAsync();
        try
        {
            var name = $"{_prefix}{_devices.Count:D3}";
            var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12));
            await AddUserAsync(name, password);
            var device = new SimDevice(this, name, password, Path.Combine(Directory, "home", name), platform, sessionLimit);
            await device.WriteFileAsync("sim-platform", platform.ToName() + "\n");
            if (mode is not null)
            {
                await device.SetModeAsync(mode);
            }

            _devices.Add(device);
            return device;
        }
        finally
        {
            _userLock.Release();
        }
    }

    /// <summary>Logins of <paramref name="user"/> on every device sshd.</summary>
    public int CountLogins(string user) =>
        LoopbackDevice.LoginsFrom(user).Count + (HasNamespaces ? NetDevice.LoginsFrom(user).Count : 0);

    /// <summary>Ends the jump user's sessions on every jump host (as a jump host that reboots would), and waits for them to go.</summary>
    public async Task DropJumpSessionsAsync()
    {
        foreach (var pid in SshdFixture.PidsOfUser(JumpUid).ToList())
        {
            try
            {
                using var p = System.Diagnostics.Process.GetProcessById(pid);
                p.Kill();
                await p.WaitForExitAsync();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            server.Stop();
        }

        foreach (var user in _users)
        {
            foreach (var pid in SshdFixture.PidsOfUser(ReadUid(user)))
            {
                SshdFixture.KillPid(pid);
            }

            await SshdFixture.RunAsync("/usr/sbin/userdel", ["-f", user], throwOnError: false);
        }

        var leftovers = new List<string>();
        if (_rootVeth is not null)
        {
            await SshdFixture.RunAsync("/usr/sbin/ip", ["link", "del", _rootVeth], throwOnError: false);
        }

        foreach (var ns in _namespaces)
        {
            await SshdFixture.RunAsync("/usr/sbin/ip", ["netns", "del", ns], throwOnError: false);
            if (File.Exists(Path.Combine("/var/run/netns", ns)))
            {
                leftovers.Add(ns);
            }
        }

        if (Environment.GetEnvironmentVariable("CNO_KEEP_SSHD_DIR") != "1" && System.IO.Directory.Exists(Directory))
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
        if (leftovers.Count > 0)
        {
            throw new InvalidOperationException("network namespaces left behind: " + string.Join(", ", leftovers));
        }
    }

    private async Task CreateNamespacesAsync()
    {
        // A random /29 in 10.200.0.0-10.249.255.255 so concurrent runs on one machine do not collide.
        var bytes = RandomNumberGenerator.GetBytes(2);
        var net = $"10.{200 + (bytes[0] % 50)}.{bytes[1]}";
        var block = RandomNumberGenerator.GetInt32(32) * 8;
        string Ip(int host) => string.Create(CultureInfo.InvariantCulture, $"{net}.{block + host}");
        var a = _prefix + "a";
        var b = _prefix + "b";
        NamespaceB = b;
        _rootVeth = _prefix + "r";
        JumpAAddress = Ip(2);
        JumpAToB = Ip(5);
        BAddress = Ip(6);
        string[][] steps =
        [
            ["netns", "add", a],
            ["netns", "add", b],
            ["link", "add", _rootVeth, "type", "veth", "peer", "name", _prefix + "ar"],
            ["link", "set", _prefix + "ar", "netns", a],
            ["addr", "add", Ip(1) + "/30", "dev", _rootVeth],
            ["link", "set", _rootVeth, "up"],
            ["-n", a, "addr", "add", JumpAAddress + "/30", "dev", _prefix + "ar"],
            ["-n", a, "link", "set", _prefix + "ar", "up"],
            ["-n", a, "link", "set", "lo", "up"],
            ["-n", a, "link", "add", _prefix + "ab", "type", "veth", "peer", "name", _prefix + "ba"],
            ["-n", a, "link", "set", _prefix + "ba", "netns", b],
            ["-n", a, "addr", "add", JumpAToB + "/30", "dev", _prefix + "ab"],
            ["-n", a, "link", "set", _prefix + "ab", "up"],
            ["-n", b, "addr", "add", BAddress + "/30", "dev", _prefix + "ba"],
            ["-n", b, "link", "set", _prefix + "ba", "up"],
            ["-n", b, "link", "set", "lo", "up"],
        ];
        foreach (var step in steps)
        {
            await SshdFixture.RunAsync("/usr/sbin/ip", step);
            if (step is ["netns", "add", var ns])
            {
                _namespaces.Add(ns);
            }
        }

        // Namespace A must not route between the test and B: only its sshd's forwarding connects them.
        Assert.Equal("0", (await SshdFixture.RunAsync("/usr/sbin/ip", ["netns", "exec", a, "cat", "/proc/sys/net/ipv4/ip_forward"])).Trim());

        JumpAFingerprint = await HostKeyAsync("jump-a");
        JumpBFingerprint = await HostKeyAsync("jump-b");
        JumpA = await StartAsync("jump-a", JumpConfig("jump-a", [(JumpAAddress, 22)]), [(JumpAAddress, 22)], a);
        JumpB = await StartAsync("jump-b", JumpConfig("jump-b", [(BAddress, 22)]), [(BAddress, 22)], b);
        (string, int)[] deviceListen = [(BAddress, NetDevicePort), ("127.0.0.1", NetDevicePort)];
        NetDevice = await StartAsync("device-b", DeviceConfig(deviceListen), deviceListen, b);
        HasNamespaces = true;
    }

    private async Task<SshdProcess> StartAsync(string name, string config, IReadOnlyList<(string, int)> listening, string? netns = null)
    {
        var server = await SshdProcess.StartAsync(Directory, name, config, listening, netns);
        _servers.Add(server);
        return server;
    }

    private async Task<string> HostKeyAsync(string name)
    {
        var path = Path.Combine(Directory, name + "_host_ed25519");
        await SshdFixture.RunAsync("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-C", name, "-f", path]);
        return (await SshdFixture.RunAsync("/usr/bin/ssh-keygen", ["-lf", path + ".pub"])).Split(' ')[1];
    }

    private async Task AddUserAsync(string name, string password)
    {
        var home = Path.Combine(Directory, "home", name);
        if ((await SshdFixture.RunAsync("/usr/bin/id", ["-u", name], throwOnError: false)).Length > 0)
        {
            await SshdFixture.RunAsync("/usr/sbin/userdel", ["-f", name], throwOnError: false);
        }

        await SshdFixture.RunAsync("/usr/sbin/useradd", ["-m", "-d", home, "-s", "/bin/bash", name]);
        _users.Add(name);
        await SshdFixture.RunAsync("/usr/sbin/chpasswd", [], stdin: $"{name}:{password}\n");
        await File.WriteAllTextAsync(Path.Combine(Directory, "keys", name), await File.ReadAllTextAsync(ClientKeyPath + ".pub"));
    }

    /// <summary>A jump host: the jump user only, local TCP forwarding only, no shell, no pty; DEBUG1 logs each forward's target.</summary>
    private string JumpConfig(string name, IEnumerable<(string Address, int Port)> listen) => $"""
        {string.Join("\n", listen.Select(l => $"ListenAddress {l.Address}:{l.Port}"))}
        HostKey {Path.Combine(Directory, name + "_host_ed25519")}
        LogLevel DEBUG1
        PermitRootLogin no
        AllowUsers {JumpUser}
        PubkeyAuthentication yes
        PasswordAuthentication yes
        KbdInteractiveAuthentication no
        AuthorizedKeysFile {Path.Combine(Directory, "keys")}/%u
        UsePAM no
        StrictModes no
        MaxStartups 200
        UseDNS no
        PrintMotd no
        PrintLastLog no
        X11Forwarding no
        AllowAgentForwarding no
        AllowTcpForwarding local
        PermitTTY no
        ForceCommand /usr/sbin/nologin

        """;

    /// <summary>A device sshd: simulated device users only, the simulator as ForceCommand, no forwarding.</summary>
    private string DeviceConfig(IEnumerable<(string Address, int Port)> listen) => $"""
        {string.Join("\n", listen.Select(l => $"ListenAddress {l.Address}:{l.Port}"))}
        HostKey {Path.Combine(Directory, "device_host_ed25519")}
        LogLevel INFO
        PermitRootLogin no
        AllowUsers {_prefix}*
        DenyUsers {JumpUser}
        PubkeyAuthentication yes
        PasswordAuthentication yes
        KbdInteractiveAuthentication no
        AuthorizedKeysFile {Path.Combine(Directory, "keys")}/%u
        UsePAM no
        StrictModes no
        MaxStartups 200
        MaxSessions 100
        UseDNS no
        PrintMotd no
        PrintLastLog no
        X11Forwarding no
        AllowTcpForwarding no
        ForceCommand /usr/bin/python3 {_simPath}

        """;

    private static int ReadUid(string user)
    {
        var line = File.ReadAllLines("/etc/passwd").FirstOrDefault(l => l.StartsWith(user + ":", StringComparison.Ordinal));
        return line is null ? -1 : int.Parse(line.Split(':')[2], CultureInfo.InvariantCulture);
    }
}
