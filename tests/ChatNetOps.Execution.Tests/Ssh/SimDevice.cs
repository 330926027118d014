namespace ChatNetOps.Execution.Tests.Ssh;

using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;

/// <summary>One simulated device behind a test sshd: a local user, its credential and its inventory entry.</summary>
public sealed class SimDevice(ISimServer sshd, string user, string password, string home, Platform platform, int sessionLimit)
{
    public string User { get; } = user;

    public string Password { get; } = password;

    public string Home { get; } = home;

    public Platform Platform { get; } = platform;

    public int Uid { get; private set; } = ReadUid(user);

    /// <summary>The inventory entry, pinned to the server's real host key.</summary>
    public Device Device => new(
        Name: "sim-" + User,
        Platform: Platform,
        Groups: [],
        Site: "test",
        Address: sshd.Address,
        Port: sshd.Port,
        Transport: Transport.Ssh,
        CredentialRef: User,
        HostKeyFingerprint: sshd.HostKeyFingerprint,
        SessionLimit: sessionLimit);

    public DeviceCredential PasswordCredential => new(User) { Password = Password };

    public DeviceCredential KeyCredential => new(User) { PrivateKeyPem = sshd.ClientKeyPem };

    public int Logins => sshd.CountLogins(User);

    /// <summary>Fault directives for the simulator, e.g. <c>hang</c>, <c>drip 0.1</c>, <c>drop</c>, <c>secrets</c>.</summary>
    public Task SetModeAsync(string mode) => WriteFileAsync("sim-mode", mode + "\n");

    /// <summary>IOS sessions start in user EXEC (<c>host&gt;</c>) and <c>enable</c> accepts <paramref name="secret"/> (empty: no enable secret on the device).</summary>
    public Task SetEnableSecretAsync(string secret) => WriteFileAsync("sim-enable-secret", secret + "\n");

    public async Task WriteFileAsync(string name, string content)
    {
        var path = Path.Combine(Home, name);
        await File.WriteAllTextAsync(path, content);
        SshdFixture.Chmod(path, (UnixFileMode)0b110_110_110);
    }

    /// <summary>The simulator's log: one line per session and per command.</summary>
    public string SimLog
    {
        get
        {
            var path = Path.Combine(Home, "sim-log");
            return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        }
    }

    /// <summary>Waits until the simulator's log contains <paramref name="text"/> (a file watcher signals each write), or fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForLogAsync(string text, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watcher = new FileSystemWatcher(Home, "sim-log") { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName };
        void Check()
        {
            if (SimLog.Contains(text, StringComparison.Ordinal))
            {
                seen.TrySetResult();
            }
        }

        watcher.Changed += (_, _) => Check();
        watcher.Created += (_, _) => Check();
        watcher.EnableRaisingEvents = true;
        Check();
        try
        {
            await seen.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"the simulator's log did not show '{text}' within {timeout}; it reads:\n{SimLog}");
        }
    }

    /// <summary>Ends this device's running simulator processes (as a device closing idle vty sessions would) and waits for them to go.</summary>
    public async Task KillSimulatorsAsync()
    {
        var dir = Path.Combine(Home, "sim-pids");
        var pids = Directory.Exists(dir) ? Directory.GetFiles(dir).Select(f => int.Parse(Path.GetFileName(f), System.Globalization.CultureInfo.InvariantCulture)).ToList() : [];
        foreach (var pid in pids)
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

    private static int ReadUid(string user)
    {
        var line = File.ReadAllLines("/etc/passwd").FirstOrDefault(l => l.StartsWith(user + ":", StringComparison.Ordinal));
        return line is null ? -1 : int.Parse(line.Split(':')[2], System.Globalization.CultureInfo.InvariantCulture);
    }
}
