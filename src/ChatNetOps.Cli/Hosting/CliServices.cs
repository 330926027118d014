namespace ChatNetOps.Cli.Hosting;

using ChatNetOps.Core;
using ChatNetOps.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>Composes Core over the embedded stores for commands that read them (<c>--db</c>, <c>--inventory</c>).</summary>
internal static class CliServices
{
    public const string DefaultDatabase = "data/chatnetops.db";

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
}
