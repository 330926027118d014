namespace ChatNetOps.Hosting;

using ChatNetOps.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

/// <summary>
/// Runs a host so that a configuration fault found at start ends it with one line on stderr and exit code 1, not an
/// unhandled exception: a <c>Storage:Sqlite:Path</c> file that cannot be used ("Storage:Sqlite:Path {path}: {reason};
/// fix or move it.") or invalid options. Compiled into each host (a linked source file).
/// </summary>
internal static class HostRun
{
    public static async Task<int> RunAsync(IHost host, TextWriter error)
    {
        try
        {
            // The embedded database (when one is used) is opened and checked now, before any hosted service starts.
            host.Services.GetService<SqliteHealth>();
            await host.RunAsync();
            return 0;
        }
        catch (Exception e) when (e is SqliteStorageException or OptionsValidationException)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
    }
}
