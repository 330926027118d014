namespace ChatNetOps.Hosting;

using ChatNetOps.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

/// <summary>
/// Runs a host so that a <c>Storage:Sqlite:Path</c> file that cannot be used ends it with one line on stderr
/// ("Storage:Sqlite:Path {path}: {reason}; fix or move it.") and exit code 1, not an unhandled exception. Other start
/// failures propagate as before (WebApplicationFactory, which runs this entry point, relies on that). Compiled into each
/// host (a linked source file).
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
        catch (SqliteStorageException e)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
    }
}
