namespace ChatNetOps.Testing.Hosting;

using System.Diagnostics;

/// <summary>A host's build output run as its own process (<c>dotnet X.dll</c>) until it exits, as an operator starts it.</summary>
public static class HostProcess
{
    public sealed record Exit(int Code, string Output, string Error);

    /// <summary>
    /// Runs <paramref name="dll"/> with <paramref name="environment"/> added to this process' environment; fails when it
    /// is still running after <paramref name="timeout"/> (it is killed). <paramref name="arguments"/> follow the dll on the
    /// command line; standard input is closed at once.
    /// </summary>
    public static async Task<Exit> RunToExitAsync(string dll, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, IReadOnlyList<string>? arguments = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(dll)} was still running after {timeout}: {await output}\n{await error}");
        }

        return new Exit(process.ExitCode, await output, await error);
    }
}
