namespace ChatNetOps.Execution.Tests.Jump;

using ChatNetOps.Execution.Tests.Ssh;

/// <summary>
/// One OpenSSH sshd started for the jump host tests from a config the test writes, on 127.0.0.1 or inside a network
/// namespace (<c>ip netns exec</c>). Ready once sshd logs that it listens on every address; stopped by its pid.
/// </summary>
internal sealed class SshdProcess
{
    private readonly int _pid;

    private SshdProcess(string name, string logPath, int pid)
    {
        Name = name;
        LogPath = logPath;
        _pid = pid;
    }

    public string Name { get; }

    public string LogPath { get; }

    /// <summary>
    /// Writes <paramref name="config"/> (without PidFile, which this adds) to <c>&lt;directory&gt;/&lt;name&gt;.conf</c>
    /// and starts sshd with it, waiting until it listens on each of <paramref name="listening"/> (<c>addr port N</c>).
    /// </summary>
    public static async Task<SshdProcess> StartAsync(string directory, string name, string config, IReadOnlyList<(string Address, int Port)> listening, string? netns = null)
    {
        var configPath = Path.Combine(directory, name + ".conf");
        var pidPath = Path.Combine(directory, name + ".pid");
        var logPath = Path.Combine(directory, name + ".log");
        File.Delete(pidPath);
        await File.WriteAllTextAsync(configPath, config + $"PidFile {pidPath}\n");
        string[] sshd = ["/usr/sbin/sshd", "-f", configPath, "-E", logPath];
        if (netns is null)
        {
            await SshdFixture.RunAsync(sshd[0], sshd[1..]);
        }
        else
        {
            await SshdFixture.RunAsync("/usr/sbin/ip", ["netns", "exec", netns, .. sshd]);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var log = Read(logPath);
            if (log.Contains("fatal:", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"sshd {name} did not start: {log}");
            }

            if (File.Exists(pidPath)
                && int.TryParse((await File.ReadAllTextAsync(pidPath)).Trim(), out var pid)
                && listening.All(l => log.Contains($"Server listening on {l.Address} port {l.Port}.", StringComparison.Ordinal)))
            {
                return new SshdProcess(name, logPath, pid);
            }

            if (timeout.IsCancellationRequested)
            {
                throw new InvalidOperationException($"sshd {name} did not listen on {string.Join(", ", listening)} within 15 s: {log}");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    /// <summary>The sshd log so far (the file is still being written).</summary>
    public string Log => Read(LogPath);

    /// <summary>Logins sshd accepted for <paramref name="user"/>, with the address each came from.</summary>
    public IReadOnlyList<string> LoginsFrom(string user) =>
        [.. Log.Split('\n')
            .Where(l => l.Contains("Accepted ", StringComparison.Ordinal) && l.Contains($" for {user} from ", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf($" for {user} from ", StringComparison.Ordinal) + $" for {user} from ".Length)..].Split(' ')[0])];

    public void Stop() => SshdFixture.KillPid(_pid);

    private static string Read(string path)
    {
        if (!File.Exists(path))
        {
            return string.Empty;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
