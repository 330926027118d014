namespace ChatNetOps.Core;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Audit.Checkpoints;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Health;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Inventory.Loading;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Requests;
using ChatNetOps.Core.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// The request lifecycle, audit trail and inventory. Stores and queues come from a storage package
    /// (embedded SQLite or Azure); executors from ChatNetOps.Execution. Registers the readiness probe of this process'
    /// queue consumers (<see cref="QueueConsumerHealth"/>). The audit trail is anchored by keyed checkpoints
    /// (<see cref="AuditAnchor"/>, run by <see cref="AuditAnchorService"/>) in the checkpoint sink and with the key the
    /// storage package registers (<see cref="IAuditCheckpointSink"/>, <see cref="IAuditKeyRing"/>); a host without them
    /// does not start.
    /// </summary>
    public static IServiceCollection AddChatNetOpsCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<InventoryOptions>().BindConfiguration(InventoryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RequestOptions>().BindConfiguration(RequestOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp => InventoryLoader.LoadOrThrow(InventoryPaths.Resolve(sp.GetRequiredService<IOptions<InventoryOptions>>().Value.Path)));
        services.AddOptions<AuditCheckpointOptions>().BindConfiguration(AuditCheckpointOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp => new AuditCheckpointLog(
            sp.GetService<IAuditCheckpointSink>() ?? throw NoAnchoring(nameof(IAuditCheckpointSink)),
            sp.GetService<IAuditKeyRing>() ?? throw NoAnchoring(nameof(IAuditKeyRing)),
            sp.GetRequiredService<IOptions<AuditCheckpointOptions>>().Value.FullEvery));
        services.TryAddSingleton(sp => new AuditAnchor(
            sp.GetRequiredService<AuditCheckpointLog>(),
            sp.GetRequiredService<IAuditStore>(),
            sp.GetRequiredService<IOptions<AuditCheckpointOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AuditAnchor>>()));
        services.TryAddSingleton<IAuditLog>(sp => new AuditTrail(sp.GetRequiredService<IAuditStore>(), sp.GetRequiredService<TimeProvider>(), AnchorOf(sp)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, AuditAnchorService>());
        services.TryAddSingleton<AuditVerifier>();
        services.TryAddSingleton<InboundRefusals>();
        services.TryAddSingleton<ChannelResolver>();
        services.TryAddSingleton<Incidents.IncidentChoice>();
        services.TryAddSingleton<RequestJournal>();
        services.TryAddSingleton<Checks.CheckRunner>();
        services.TryAddSingleton<SubmitPolicy>();
        services.TryAddSingleton<SubmitService>();
        services.TryAddSingleton<DecisionService>();
        services.TryAddSingleton<RequestSweeper>();
        services.TryAddSingleton<DeviceLockService>();
        services.TryAddSingleton<StandardChangeQueue>();
        services.TryAddSingleton<LockWatchService>();
        services.TryAddSingleton(sp => new Incidents.IncidentTimelineBuilder(
            sp.GetRequiredService<Incidents.IIncidentStore>(),
            sp.GetRequiredService<IRequestStore>(),
            sp.GetRequiredService<IOutputStore>(),
            sp.GetRequiredService<IAuditLog>(),
            AnchorOf(sp) is null ? null : sp.GetRequiredService<AuditCheckpointLog>()));
        services.TryAddSingleton<Incidents.IncidentService>();
        services.TryAddSingleton<Incidents.SeverityService>();
        services.AddOptions<ChangeWindows.ChangeWindowOptions>().BindConfiguration(ChangeWindows.ChangeWindowOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ChangeWindows.ChangeWindowService>();
        services.TryAddSingleton<QueueConsumerHealth>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessProbe, QueueConsumerReadinessProbe>());
        return services;
    }

    /// <summary>The anchor of the audit trail when a checkpoint sink and key are registered; null otherwise (the hosted
    /// <see cref="AuditAnchorService"/> then stops the host from starting).</summary>
    public static AuditAnchor? AnchorOf(IServiceProvider services) =>
        services.GetService<IAuditCheckpointSink>() is not null && services.GetService<IAuditKeyRing>() is not null
            ? services.GetService<AuditAnchor>()
            : null;

    private static InvalidOperationException NoAnchoring(string port) => new(
        $"No {port} is registered, so the audit trail cannot be anchored. The embedded storage (AddChatNetOpsSqliteStorage) keeps "
        + "checkpoints in a file beside the database and the key in another; with Storage:Provider=Cosmos set Audit:Checkpoints:Provider=Blob "
        + "(Audit:Checkpoints:Blob:ServiceUri) and Audit:Key:Provider=KeyVault (Audit:Key:KeyVault:Uri), or Audit:Checkpoints:Provider=File "
        + "with Audit:Checkpoints:Path and Audit:Key:Path.");

    /// <summary>The job consumer and the sweeper of expired approvals and abandoned runs.</summary>
    public static IServiceCollection AddChatNetOpsWorker(this IServiceCollection services)
    {
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<JobRunner>();
        services.TryAddSingleton<QueueConsumerHealth>();
        services.AddHostedService<WorkerService>();
        services.AddHostedService<SweepService>();
        return services;
    }
}
