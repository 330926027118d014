namespace ChatNetOps.ScaleOut.Tests.Infrastructure;

using System.Diagnostics;

/// <summary>Runs the <c>chatnetops</c> CLI (its build output, as an operator would run it) with an environment, and returns its exit code and output.</summary>
internal static class CliProcess
{
    public static async Task<(int Exit, string Output, string Errors)> RunAsync(IReadOnlyDictionary<string, string> environment, string workingDirectory, params string[] args)
    {
        var directory = typeof(CliProcess).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == "CliOutputDirectory").Value!;
        var dll = Path.Combine(directory, "chatnetops.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build tests/ChatNetOps.ScaleOut.Tests (it references src/ChatNetOps.Cli, which builds it).");
        }

        var start = new ProcessStartInfo(WorkerProcess.DotnetHost(), [dll, .. args])
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

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await errors);
    }
}
