namespace ChatNetOps.Testing.Hosting;

using System.Diagnostics;
using System.Text;

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
        using var process = Start(dll, environment, arguments);
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

    /// <summary>
    /// Runs <paramref name="dll"/> until a line on its stdout contains <paramref name="fragment"/>, then kills it (a host
    /// that keeps running once started). Returns what it wrote until then; when it exits before that line, its exit code
    /// and everything it wrote. Fails when neither happens within <paramref name="timeout"/> (it is killed).
    /// </summary>
    public static async Task<Exit> RunUntilLoggedAsync(string dll, IReadOnlyDictionary<string, string> environment, string fragment, TimeSpan timeout)
    {
        using var process = Start(dll, environment);
        var error = process.StandardError.ReadToEndAsync();
        var output = new StringBuilder();
        using var timer = new CancellationTokenSource(timeout);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timer.Token) is { } line)
            {
                output.Append(line).Append('\n');
                if (line.Contains(fragment, StringComparison.Ordinal))
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync().WaitAsync(timeout);
                    return new Exit(process.ExitCode, output.ToString(), await error);
                }
            }
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(dll)} did not log \"{fragment}\" within {timeout}: {output}\n{await error}");
        }

        await process.WaitForExitAsync().WaitAsync(timeout);
        return new Exit(process.ExitCode, output.ToString(), await error);
    }

    /// <summary>Starts <paramref name="dll"/> with its arguments and environment; its standard input is closed at once.</summary>
    private static Process Start(string dll, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string>? arguments = null)
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

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.StandardInput.Close();
        return process;
    }
}
