namespace ChatNetOps.ScaleOut.Tests.Infrastructure;

using System.Diagnostics;

/// <summary>
/// One Worker host process (<c>dotnet ChatNetOps.Worker.dll</c>) configured through its environment. stdout and stderr
/// go line by line to <c>{logDirectory}/{workerId}.log</c> and are kept in memory so tests can wait for a log line.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();

    private WorkerProcess(string workerId, Process process, StreamWriter log, string logPath)
    {
        WorkerId = workerId;
        _process = process;
        _log = log;
        LogPath = logPath;
    }

    public string WorkerId { get; }

    public string LogPath { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Copies the Worker host's build output (src/ChatNetOps.Worker/bin/{Configuration}/{TargetFramework}, built because
    /// this project references it) to <paramref name="destination"/>, so a rebuild of src/ while the tests run cannot
    /// change the files under the running processes. Returns the path of ChatNetOps.Worker.dll there.
    /// </summary>
    public static string CopyBuildOutput(string destination)
    {
        var source = typeof(WorkerProcess).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == "WorkerOutputDirectory").Value!;
        if (!File.Exists(Path.Combine(source, "ChatNetOps.Worker.dll")))
        {
            throw new InvalidOperationException($"{source}ChatNetOps.Worker.dll is missing: build tests/ChatNetOps.ScaleOut.Tests (it references src/ChatNetOps.Worker, which builds it).");
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }

        return Path.Combine(destination, "ChatNetOps.Worker.dll");
    }

    public static WorkerProcess Start(string dll, string workerId, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        var workingDirectory = Path.Combine(logDirectory, workerId);
        Directory.CreateDirectory(workingDirectory);
        var start = new ProcessStartInfo(DotnetHost(), [dll])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var logPath = Path.Combine(logDirectory, workerId + ".log");
        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var worker = new WorkerProcess(workerId, process, log, logPath);
        process.OutputDataReceived += (_, e) => worker.Append(e.Data, null);
        process.ErrorDataReceived += (_, e) => worker.Append(e.Data, "stderr: ");
        worker.Append($"---- starting {dll} as {workerId}", null);
        if (!process.Start())
        {
            throw new InvalidOperationException($"dotnet {dll} did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>True when one output line so far contains every one of <paramref name="fragments"/>.</summary>
    public bool Logged(params string[] fragments)
    {
        lock (_gate)
        {
            return _lines.Exists(l => fragments.All(f => l.Contains(f, StringComparison.Ordinal)));
        }
    }

    /// <summary>How many output lines so far contain every one of <paramref name="fragments"/>.</summary>
    public int Count(params string[] fragments)
    {
        lock (_gate)
        {
            return _lines.Count(l => fragments.All(f => l.Contains(f, StringComparison.Ordinal)));
        }
    }

    public string Tail(int lines = 40)
    {
        lock (_gate)
        {
            return string.Join('\n', _lines.Skip(Math.Max(0, _lines.Count - lines)));
        }
    }

    /// <summary>Kills the process and everything it started, as a crashed VM or an OOM kill would: no shutdown, no lease release.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Append($"---- killed {WorkerId} (pid {_process.Id})", null);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // never started or already reaped
        }

        _process.Dispose();
        lock (_gate)
        {
            _log.Dispose();
        }
    }

    private void Append(string? line, string? prefix)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Add(prefix + line);
            try
            {
                _log.WriteLine(prefix + line);
            }
            catch (ObjectDisposedException)
            {
                // output after dispose
            }
        }
    }

    /// <summary>The dotnet host running these tests (DOTNET_HOST_PATH when the SDK set it), else <c>dotnet</c> on PATH.</summary>
    internal static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? current : "dotnet";
    }
}
