namespace ChatNetOps.Cli.Inventory;

using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Inventory.Sources;
using ChatNetOps.Inventory.NetBox;
using ChatNetOps.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The inventory source as the CLI sees it: configured like the hosts (<c>Inventory:Source:NetBox|Nautobot</c> from
/// <c>--config FILE</c> and the environment, e.g. <c>Inventory__Source__NetBox__Token</c>), its snapshot at
/// <c>--snapshot PATH</c> or where the hosts keep it.
/// </summary>
internal sealed class CliInventorySource : IDisposable
{
    private readonly ServiceProvider _services;

    private CliInventorySource(ServiceProvider services, InventoryRefresher refresher)
    {
        _services = services;
        Refresher = refresher;
    }

    public InventoryRefresher Refresher { get; }

    /// <summary>The source over <paramref name="catalog"/>, or null when none is configured.</summary>
    public static CliInventorySource? Create(CliArguments args, InventoryCatalog catalog)
    {
        var builder = new ConfigurationBuilder();
        if (args.Option("config") is { } file)
        {
            if (!File.Exists(file))
            {
                throw new CliUsageException($"no configuration file at '{file}'");
            }

            builder.AddJsonFile(Path.GetFullPath(file), optional: false);
        }

        builder.AddEnvironmentVariables();
        var overrides = new Dictionary<string, string?>();
        if (args.Option("snapshot") is { } snapshot)
        {
            overrides["Inventory:Source:SnapshotPath"] = snapshot;
        }

        if (args.Option("db") is { } db)
        {
            overrides["Storage:Sqlite:Path"] = db;
        }

        var configuration = builder.AddInMemoryCollection(overrides).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(catalog);
        services.AddChatNetOpsInventorySource(configuration, SqliteDefaults.DatabasePath, refreshInBackground: false);
        var provider = services.BuildServiceProvider();
        var refresher = provider.GetService<InventoryRefresher>();
        if (refresher is null)
        {
            provider.Dispose();
            return null;
        }

        return new CliInventorySource(provider, refresher);
    }

    public void Dispose() => _services.Dispose();
}
