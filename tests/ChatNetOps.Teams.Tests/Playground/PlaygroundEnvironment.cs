namespace ChatNetOps.Teams.Tests.Playground;

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

/// <summary>Where the end-to-end test finds its tools, and a clear failure when they are missing.</summary>
internal static class PlaygroundEnvironment
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string PackageDirectory => Path.Combine(RepositoryRoot, "tests", "playground");

    public static string ScreenshotDirectory => Path.Combine(RepositoryRoot, "TestResults", "playground");

    public static string Chromium =>
        Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } configured ? configured
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
        : "/usr/bin/chromium-browser";

    /// <summary>Every missing prerequisite, each with how to get it.</summary>
    public static IReadOnlyList<string> MissingPrerequisites()
    {
        var missing = new List<string>();
        if (!File.Exists(Chromium))
        {
            missing.Add($"Chromium ({Chromium})");
        }

        if (!File.Exists(Path.Combine(PackageDirectory, "node_modules", "@microsoft", "m365agentsplayground", "cli.js")))
        {
            missing.Add("npm package @microsoft/m365agentsplayground in tests/playground/node_modules");
        }

        if (!Directory.Exists(Path.Combine(PackageDirectory, "node_modules", "playwright-core")))
        {
            missing.Add("npm package playwright-core in tests/playground/node_modules");
        }

        if (!CanRun("node", "--version"))
        {
            missing.Add("node on PATH");
        }

        return missing;
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool CanRun(string file, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            return process is not null && process.WaitForExit(10_000) && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ChatNetOps.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Could not find ChatNetOps.sln above " + AppContext.BaseDirectory);
    }
}
