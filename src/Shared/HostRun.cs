namespace ChatNetOps.Hosting;

using ChatNetOps.Core.Inventory.Loading;
using ChatNetOps.Core.Inventory.Sources;
using ChatNetOps.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

/// <summary>
/// Runs a host so that a start failure an operator fixes in configuration ends it with a few plain lines on stderr and
/// exit code 1, not an unhandled exception with a stack trace: a <c>Storage:Sqlite:Path</c> file that cannot be used,
/// settings that fail validation, an inventory that does not load, an address already in use. Anything else propagates
/// as before. Compiled into each host (a linked source file). WebApplicationFactory runs this entry point inside the test
/// process and needs the original exception, so only the storage failure is turned into lines there.
/// </summary>
internal static class HostRun
{
    /// <summary>Builds the host with <paramref name="build"/> (endpoint mapping resolves options, so it can fail
    /// too) and runs it.</summary>
    public static async Task<int> RunAsync(Func<IHost> build, TextWriter error)
    {
        try
        {
            using var host = build();

            // The embedded database (when one is used) is opened and checked now, before any hosted service starts.
            host.Services.GetService<SqliteHealth>();
            await host.RunAsync();
            return 0;
        }
        catch (Exception e) when ((e is SqliteStorageException || RunsAsTheProcess) && Describe(e) is { Count: > 0 } lines)
        {
            foreach (var line in lines)
            {
                await error.WriteLineAsync(line);
            }

            return 1;
        }
    }

    /// <summary>
    /// Whether this host is the process (<c>dotnet ChatNetOps.Bot.dll</c>), not an entry point WebApplicationFactory runs
    /// inside a test process: the factory needs the original exception to report why the host did not start.
    /// </summary>
    private static bool RunsAsTheProcess => System.Reflection.Assembly.GetEntryAssembly() == typeof(HostRun).Assembly;

    /// <summary>The lines that explain a configuration failure, or none when <paramref name="e"/> is not one.</summary>
    internal static IReadOnlyList<string> Describe(Exception e)
    {
        switch (e)
        {
            case SqliteStorageException storage:
                return [storage.Message];
            case OptionsValidationException invalid:
                return [.. invalid.Failures.Select(f => $"Configuration is not valid: {f}")];
            case InventoryLoadException or InventorySourceException:
                return [$"Inventory: {e.Message}"];
            case IOException io when io.Message.StartsWith("Failed to bind to address", StringComparison.Ordinal):
                return [$"{io.Message} Stop the other process or set another address (ASPNETCORE_URLS or --urls)."];
            case AggregateException aggregate:
                var inner = aggregate.InnerExceptions.Select(Describe).ToList();
                return inner.All(lines => lines.Count > 0) ? [.. inner.SelectMany(lines => lines)] : [];
            default:
                return [];
        }
    }
}
