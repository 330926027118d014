namespace ChatNetOps.Cli.Hosting;

using ChatNetOps.Azure;
using ChatNetOps.Core;
using ChatNetOps.Core.Audit.Checkpoints;
using ChatNetOps.Storage.Sqlite;
using ChatNetOps.Storage.Sqlite.Audit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

/// <summary>
/// Composes what the audit commands read: the audit store, the checkpoint log and the checkpoint key, the way the hosts
/// are configured, but read-only (nothing is created: no key, no checkpoint file).
/// <list type="bullet">
/// <item>Store: the SQLite file (<c>--db</c>), or Cosmos DB when the environment sets <c>Storage__Provider=Cosmos</c> with
/// the hosts' <c>Cosmos__*</c> settings.</item>
/// <item>Checkpoints: <c>--checkpoints PATH|URL</c> (an exported log, or the live file), else the hosts' sink
/// (<c>Audit__Checkpoints__Provider=Blob</c> with <c>Audit__Checkpoints__Blob__*</c>, or the file at
/// <c>Audit__Checkpoints__Path</c>, by default beside the database).</item>
/// <item>Key: <c>--key PATH</c>, else the hosts' (<c>Audit__Key__Provider=KeyVault</c> with <c>Audit__Key__KeyVault__*</c>, or
/// the file at <c>Audit__Key__Path</c>, by default beside the database).</item>
/// </list>
/// </summary>
internal sealed class CliAuditServices : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string? _downloaded;

    private CliAuditServices(ServiceProvider services, string? downloaded, string store)
    {
        _services = services;
        _downloaded = downloaded;
        Store = store;
    }

    public IServiceProvider Services => _services;

    /// <summary>Which store is read, for the report.</summary>
    public string Store { get; }

    public IAuditCheckpointSink Checkpoints => _services.GetRequiredService<IAuditCheckpointSink>();

    public IAuditKeyRing Keys => _services.GetRequiredService<IAuditKeyRing>();

    public static async Task<CliAuditServices> BuildAsync(CliArguments args, IReadOnlyDictionary<string, string?>? environment, CancellationToken cancellationToken)
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
        var cosmos = string.Equals(settings["Storage:Provider"], "Cosmos", StringComparison.OrdinalIgnoreCase);
        var database = args.Option("db") ?? CliServices.DefaultDatabaseFrom(environment is null ? null : settings);
        if (!cosmos && !File.Exists(database))
        {
            throw new CliUsageException($"no database at '{database}'; pass --db PATH (the bot's Storage:Sqlite:Path), or set Storage__Provider=Cosmos");
        }

        var configuration = new ConfigurationBuilder()
            .AddConfiguration(settings)
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
        string store;
        if (cosmos)
        {
            services.AddChatNetOpsCosmosStorage();
            store = $"Cosmos DB {configuration["Cosmos:Endpoint"]} database {configuration["Cosmos:Database"] ?? "chatnetops"}";
        }
        else
        {
            services.AddChatNetOpsSqliteStorage();
            store = $"SQLite {Path.GetFullPath(database)}";
        }

        var time = TimeProvider.System;
        var beside = FileAuditAnchoringOptions.BesideDatabase(database);
        string? downloaded = null;
        if (args.Option("checkpoints") is { } checkpoints)
        {
            var file = checkpoints;
            if (Uri.TryCreate(checkpoints, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                downloaded = file = await CheckpointDownload.ToTempFileAsync(uri, cancellationToken);
            }
            else if (!File.Exists(file))
            {
                throw new CliUsageException($"no checkpoint file at '{checkpoints}'; pass the file 'chatnetops audit checkpoints' exported (or an https URL of one)");
            }

            services.Replace(ServiceDescriptor.Singleton<IAuditCheckpointSink>(new FileCheckpointSink(file, time)));
        }
        else if (string.Equals(configuration["Audit:Checkpoints:Provider"], "Blob", StringComparison.OrdinalIgnoreCase))
        {
            services.AddChatNetOpsBlobAuditCheckpoints();
        }
        else
        {
            services.Replace(ServiceDescriptor.Singleton<IAuditCheckpointSink>(new FileCheckpointSink(configuration["Audit:Checkpoints:Path"] ?? beside.Checkpoints, time)));
        }

        if (args.Option("key") is { } key)
        {
            services.Replace(ServiceDescriptor.Singleton<IAuditKeyRing>(new FileAuditKeyRing(key, createIfMissing: false, time)));
        }
        else if (string.Equals(configuration["Audit:Key:Provider"], "KeyVault", StringComparison.OrdinalIgnoreCase))
        {
            services.AddChatNetOpsKeyVaultAuditKey();
        }
        else
        {
            services.Replace(ServiceDescriptor.Singleton<IAuditKeyRing>(new FileAuditKeyRing(configuration["Audit:Key:Path"] ?? beside.Key, createIfMissing: false, time)));
        }

        return new CliAuditServices(services.BuildServiceProvider(), downloaded, store);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_downloaded is not null)
        {
            File.Delete(_downloaded);
        }
    }
}
