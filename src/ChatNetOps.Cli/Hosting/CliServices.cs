namespace ChatNetOps.Cli.Hosting;

using ChatNetOps.Azure;
using ChatNetOps.Core;
using ChatNetOps.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>Composes Core over the embedded stores for commands that read them (<c>--db</c>, <c>--inventory</c>).</summary>
internal static class CliServices
{
    /// <summary>
    /// The database the CLI opens without <c>--db</c>: the hosts' <c>Storage__Sqlite__Path</c> from the environment when set,
    /// else the per-user default the bot and the worker use too (<see cref="SqliteDefaults"/>), whatever the current directory.
    /// </summary>
    public static string DefaultDatabase => DefaultDatabaseFrom(null);

    /// <summary><see cref="DefaultDatabase"/> with the environment read from <paramref name="settings"/> (null: the process's).</summary>
    public static string DefaultDatabaseFrom(IConfiguration? settings) =>
        (settings is null ? Environment.GetEnvironmentVariable("Storage__Sqlite__Path") : settings["Storage:Sqlite:Path"]) is { Length: > 0 } configured
            ? configured
            : SqliteDefaults.DatabasePath;

    public static ServiceProvider Build(CliArguments args, bool requireExistingDatabase = true)
    {
        var database = args.Option("db") ?? DefaultDatabase;
        if (requireExistingDatabase && !File.Exists(database))
        {
            throw new CliUsageException($"no database at '{database}'; pass --db PATH (the bot's Storage:Sqlite:Path)");
        }

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Inventory:Path"] = args.InventoryPath,
                ["Storage:Sqlite:Path"] = database,
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddChatNetOpsCore();
        services.AddChatNetOpsSqliteStorage();
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// The hosts' store: the SQLite file (<c>--db</c>), or Cosmos DB when the environment (null: the process's) sets
    /// <c>Storage__Provider=Cosmos</c> with the hosts' <c>Cosmos__*</c> settings. <paramref name="store"/> names it.
    /// </summary>
    public static ServiceProvider BuildStore(CliArguments args, IReadOnlyDictionary<string, string?>? environment, out string store)
    {
        var fromEnvironment = new ConfigurationBuilder();
        if (environment is null)
        {
            fromEnvironment.AddEnvironmentVariables();
        }
        else
        {
            fromEnvironment.AddInMemoryCollection(environment.Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value)));
        }

        var settings = fromEnvironment.Build();
        var provider = settings["Storage:Provider"] ?? "Sqlite";
        if (string.Equals(provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            var services = Build(args);
            store = $"SQLite {Path.GetFullPath(args.Option("db") ?? DefaultDatabase)}";
            return services;
        }

        if (!string.Equals(provider, "Cosmos", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliUsageException($"Storage__Provider '{provider}' is not supported; use Sqlite or Cosmos");
        }

        var configuration = new ConfigurationBuilder()
            .AddConfiguration(settings)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Inventory:Path"] = args.InventoryPath })
            .Build();
        var cosmos = new ServiceCollection();
        cosmos.AddSingleton<IConfiguration>(configuration);
        cosmos.AddLogging();
        cosmos.AddChatNetOpsCore();
        cosmos.AddChatNetOpsCosmosStorage();
        store = $"Cosmos DB {configuration["Cosmos:Endpoint"]} database {configuration["Cosmos:Database"] ?? "chatnetops"}";
        return cosmos.BuildServiceProvider();
    }
}
