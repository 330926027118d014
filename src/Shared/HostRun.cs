namespace ChatNetOps.Hosting;

using ChatNetOps.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>
/// Runs a host so that a start failure an operator fixes in configuration ends it with a few plain lines on stderr and
/// exit code 1, not an unhandled exception with a stack trace: whatever <see cref="ConfigurationFaults"/> classifies as a
/// configuration fault (a value that does not convert, an unknown provider, settings that fail validation, a
/// <c>Storage:Sqlite:Path</c> file that cannot be used, an inventory that does not load, an address already in use).
/// Anything else propagates as before. Compiled into each host (a linked source file). WebApplicationFactory runs this entry point inside the test
/// process and needs the original exception, so only the storage failure is turned into lines there.
/// </summary>
internal static class HostRun
{
    /// <summary>The category of the host's own log (<c>Microsoft.Extensions.Hosting.Internal.Host</c>).</summary>
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    /// <summary>Set once the host has started: from then on the host's own errors are logged as configured.</summary>
    private static volatile bool s_started;

    /// <summary>
    /// Keeps the host's own "Hosting failed to start" (an error with the exception's stack trace) out of the log while the
    /// host starts as the process: <see cref="RunAsync"/> sees every start failure anyway and either explains it in one
    /// line (a configuration fault) or lets it end the process unhandled, stack trace and all (a bug). Everything else in
    /// that category keeps the configured level; after the start its errors (a faulted background service) are logged
    /// as before, and so is anything inside a test's WebApplicationFactory.
    /// </summary>
    public static ILoggingBuilder WithoutDuplicateStartFaults(this ILoggingBuilder logging)
    {
        logging.Services.PostConfigure<LoggerFilterOptions>(options =>
        {
            var configured = options.Rules
                .Where(r => r.ProviderName is null && r.Filter is null && r.LogLevel is not null
                    && (r.CategoryName is null || HostCategory.StartsWith(r.CategoryName, StringComparison.OrdinalIgnoreCase)))
                .OrderBy(r => r.CategoryName?.Length ?? -1)
                .LastOrDefault()?.LogLevel ?? options.MinLevel;
            options.Rules.Add(new LoggerFilterRule(
                providerName: null,
                categoryName: HostCategory,
                logLevel: null,
                filter: (_, _, level) => level >= configured && !(level == LogLevel.Error && RunsAsTheProcess && !s_started)));
        });
        return logging;
    }

    /// <summary>Builds the host with <paramref name="build"/> (composing services reads settings and endpoint mapping
    /// resolves options, so both belong in it: they can fail too) and runs it.</summary>
    public static async Task<int> RunAsync(Func<IHost> build, TextWriter error)
    {
        try
        {
            using var host = build();

            // The embedded database (when one is used) is opened and checked now, before any hosted service starts.
            host.Services.GetService<SqliteHealth>();

            // Settings are checked and the hosted services constructed (their constructors read options) before the host
            // starts: a fault here is explained below in one line, where the host would first log it with a stack trace
            // ("Hosting failed to start"). The host reuses the same instances.
            host.Services.GetService<IStartupValidator>()?.Validate();
            _ = host.Services.GetServices<IHostedService>().ToList();
            try
            {
                await host.StartAsync();
            }
            catch (Exception startFault)
            {
                // Stop what did start (the in-process worker, the sweepers …) before the host is disposed: a background
                // service cancelled by the disposal alone is logged by the host as "crit: A BackgroundService has thrown
                // an unhandled exception … TaskCanceledException", which hides the real reason. A fault while stopping
                // is reported with the start fault, never instead of it.
                try
                {
                    await host.StopAsync(CancellationToken.None);
                }
                catch (Exception stopFault)
                {
                    throw new AggregateException(startFault, stopFault);
                }

                throw;
            }

            s_started = true;
            await host.WaitForShutdownAsync();
            return 0;
        }
        catch (Exception e) when ((e is SqliteStorageException || RunsAsTheProcess) && ConfigurationFaults.Describe(e) is { Count: > 0 } lines)
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
}
