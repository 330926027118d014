namespace ChatNetOps.Storage.Sqlite;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Queues;
using ChatNetOps.Core.Requests;
using ChatNetOps.Storage.Sqlite.Audit;
using ChatNetOps.Storage.Sqlite.ChangeRecords;
using ChatNetOps.Storage.Sqlite.Channels;
using ChatNetOps.Storage.Sqlite.Database;
using ChatNetOps.Storage.Sqlite.Incidents;
using ChatNetOps.Storage.Sqlite.Locks;
using ChatNetOps.Storage.Sqlite.Queues;
using ChatNetOps.Storage.Sqlite.Requests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

public static class SqliteStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the embedded SQLite stores and queues (every storage port of Core) as singletons over one file,
    /// bound from <see cref="SqliteStorageOptions.SectionName"/> and validated at start. Needs an IConfiguration
    /// in the container (every host has one). Registers <see cref="TimeProvider.System"/> unless a TimeProvider is
    /// already registered, an <see cref="IAuditLog"/> (Core's <see cref="AuditTrail"/>) unless one is, and
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
        services.TryAddSingleton<IIncidentStore, SqliteIncidentStore>();
        services.TryAddSingleton<IAuditStore, SqliteAuditStore>();
        services.TryAddSingleton<IConversationEndpointStore, SqliteConversationEndpointStore>();
        services.TryAddSingleton<IChatStateStore, SqliteChatStateStore>();
        services.TryAddSingleton<IChangeRecordStore, SqliteChangeRecordStore>();
        services.TryAddSingleton<IAuditLog>(sp => new AuditTrail(sp.GetRequiredService<IAuditStore>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IJobQueue, SqliteJobQueue>();
        services.TryAddSingleton<IResultQueue, SqliteResultQueue>();
        services.TryAddSingleton<IChatWorkQueue, SqliteChatWorkQueue>();
        return services;
    }
}
