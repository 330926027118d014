namespace ChatNetOps.Storage.Sqlite;

using ChatNetOps.Core;
using ChatNetOps.Core.Alerts;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Core.Audit.Checkpoints;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Queues;
using ChatNetOps.Core.Requests;
using ChatNetOps.Storage.Sqlite.Alerts;
using ChatNetOps.Storage.Sqlite.Audit;
using ChatNetOps.Storage.Sqlite.ChangeRecords;
using ChatNetOps.Storage.Sqlite.Channels;
using ChatNetOps.Storage.Sqlite.Database;
using ChatNetOps.Storage.Sqlite.Incidents;
using ChatNetOps.Storage.Sqlite.Locks;
using ChatNetOps.Storage.Sqlite.Queues;
using ChatNetOps.Storage.Sqlite.Requests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

public static class SqliteStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the embedded SQLite stores and queues (every storage port of Core) as singletons over one file,
    /// bound from <see cref="SqliteStorageOptions.SectionName"/> and validated at start. Needs an IConfiguration
    /// in the container (every host has one). Registers <see cref="TimeProvider.System"/> unless a TimeProvider is
    /// already registered, an <see cref="IAuditLog"/> (Core's <see cref="AuditTrail"/>, anchored when Core is composed too)
    /// unless one is, the audit checkpoint log and key as files beside the database
    /// (<see cref="AddChatNetOpsFileAuditAnchoring"/>) unless another sink and key are registered, and
    /// <see cref="SqliteHealth"/> for readiness probes.
    /// </summary>
    public static IServiceCollection AddChatNetOpsSqliteStorage(this IServiceCollection services, Action<SqliteStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SqliteStorageOptions>()
            .BindConfiguration(SqliteStorageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SqliteDatabase(
            sp.GetRequiredService<IOptions<SqliteStorageOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new SqliteHealth(sp.GetRequiredService<SqliteDatabase>()));
        services.TryAddSingleton<IRequestStore, SqliteRequestStore>();
        services.TryAddSingleton<IOutputStore, SqliteOutputStore>();
        services.TryAddSingleton<IDeviceLockStore, SqliteDeviceLockStore>();
        services.TryAddSingleton<ILockWatchStore, SqliteLockWatchStore>();
        services.TryAddSingleton<IIncidentStore, SqliteIncidentStore>();
        services.TryAddSingleton<ChatNetOps.Core.ChangeWindows.IChangeWindowStore, ChatNetOps.Storage.Sqlite.ChangeWindows.SqliteChangeWindowStore>();
        services.TryAddSingleton<IAuditStore, SqliteAuditStore>();
        services.TryAddSingleton<IConversationEndpointStore, SqliteConversationEndpointStore>();
        services.TryAddSingleton<IRequestCardStore, SqliteRequestCardStore>();
        services.TryAddSingleton<IChatStateStore, SqliteChatStateStore>();
        services.TryAddSingleton<IChangeRecordStore, SqliteChangeRecordStore>();
        services.TryAddSingleton<IAlertStore, SqliteAlertStore>();
        services.TryAddSingleton<IAlertGroupStore, SqliteAlertGroupStore>();
        services.TryAddSingleton<IAlertCardClaimStore, SqliteAlertCardClaimStore>();
        services.TryAddSingleton<IDeviceChangeStore, ChatNetOps.Storage.Sqlite.Requests.SqliteDeviceChangeStore>();
        services.TryAddSingleton<IDeviceChangeBackfillStore, ChatNetOps.Storage.Sqlite.Requests.SqliteDeviceChangeBackfillStore>();
        services.AddChatNetOpsFileAuditAnchoring();
        services.TryAddSingleton<IAuditLog>(sp => new AuditTrail(
            sp.GetRequiredService<IAuditStore>(), sp.GetRequiredService<TimeProvider>(), CoreServiceCollectionExtensions.AnchorOf(sp)));
        services.TryAddSingleton<IJobQueue, SqliteJobQueue>();
        services.TryAddSingleton<IResultQueue, SqliteResultQueue>();
        services.TryAddSingleton<IChatWorkQueue, SqliteChatWorkQueue>();
        return services;
    }

    /// <summary>
    /// The embedded anchoring of the audit trail: checkpoints appended to a separate file and their HMAC key in another,
    /// both beside the SQLite file unless <c>Audit:Checkpoints:Path</c> / <c>Audit:Key:Path</c> say otherwise (see
    /// <see cref="FileAuditAnchoringOptions"/>). The key file is created on first start with mode 600. Registers nothing
    /// where a checkpoint sink or key is already registered (Blob Storage, Key Vault).
    /// </summary>
    public static IServiceCollection AddChatNetOpsFileAuditAnchoring(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<FileAuditAnchoringOptions>().Configure<IConfiguration>((o, configuration) =>
        {
            o.CheckpointsPath ??= configuration["Audit:Checkpoints:Path"];
            o.KeyPath ??= configuration["Audit:Key:Path"];
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAuditCheckpointSink>(sp => new FileCheckpointSink(AnchoringPaths(sp).Checkpoints, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IAuditKeyRing>(sp => new FileAuditKeyRing(AnchoringPaths(sp).Key, createIfMissing: true, sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    private static (string Checkpoints, string Key) AnchoringPaths(IServiceProvider services)
    {
        var configured = services.GetRequiredService<IOptions<FileAuditAnchoringOptions>>().Value;
        var beside = FileAuditAnchoringOptions.BesideDatabase(services.GetRequiredService<IOptions<SqliteStorageOptions>>().Value.Path);
        return (
            string.IsNullOrWhiteSpace(configured.CheckpointsPath) ? beside.Checkpoints : configured.CheckpointsPath,
            string.IsNullOrWhiteSpace(configured.KeyPath) ? beside.Key : configured.KeyPath);
    }
}
