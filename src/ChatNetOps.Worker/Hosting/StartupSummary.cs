namespace ChatNetOps.Worker.Hosting;

using ChatNetOps.Azure.Cosmos;
using ChatNetOps.Azure.ServiceBus;
using ChatNetOps.Hosting;
using ChatNetOps.Storage.Sqlite;
using Microsoft.Extensions.Options;

/// <summary>
/// Says once at start which store and queue the worker uses, as the bot does: the SQLite file's full path, or the Cosmos
/// account and database; the Service Bus namespace. Never a key or a connection string.
/// </summary>
internal static class StartupSummary
{
    public static void LogStartupSummary(this IHost host)
    {
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ChatNetOps.Worker");
        var storage = Storage(configuration, host.Services);
        var queue = Queue(configuration, host.Services);
        Log.Summary(logger, storage, queue);
    }

    internal static string Storage(IConfiguration configuration, IServiceProvider services)
    {
        var storage = BackendSelection.StorageProvider(configuration);
        if (BackendSelection.IsSqlite(storage))
        {
            return $"{storage} (SQLite file {SqlitePath(services)})";
        }

        var cosmos = services.GetRequiredService<IOptions<CosmosOptions>>().Value;
        return $"{storage} (account {cosmos.Endpoint?.Host}, database {cosmos.Database})";
    }

    internal static string Queue(IConfiguration configuration, IServiceProvider services)
    {
        var queue = BackendSelection.QueueProvider(configuration);
        if (BackendSelection.IsSqlite(queue))
        {
            return $"{queue} (SQLite file {SqlitePath(services)})";
        }

        var bus = services.GetRequiredService<IOptions<ServiceBusOptions>>().Value;
        return bus.Endpoint is { } endpoint ? $"{queue} (namespace {endpoint.Host})" : $"{queue} (namespace from its connection string)";
    }

    private static string SqlitePath(IServiceProvider services) =>
        Path.GetFullPath(services.GetRequiredService<IOptions<SqliteStorageOptions>>().Value.Path);
}
