namespace ChatNetOps.Core;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Health;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Inventory.Loading;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Requests;
using ChatNetOps.Core.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// The request lifecycle, audit trail and inventory. Stores and queues come from a storage package
    /// (embedded SQLite or Azure); executors from ChatNetOps.Execution. Registers the readiness probe of this process'
    /// queue consumers (<see cref="QueueConsumerHealth"/>).
    /// </summary>
    public static IServiceCollection AddChatNetOpsCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<InventoryOptions>().BindConfiguration(InventoryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RequestOptions>().BindConfiguration(RequestOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp => InventoryLoader.LoadOrThrow(InventoryPaths.Resolve(sp.GetRequiredService<IOptions<InventoryOptions>>().Value.Path)));
        services.TryAddSingleton<IAuditLog, AuditTrail>();
        services.TryAddSingleton<AuditVerifier>();
        services.TryAddSingleton<InboundRefusals>();
        services.TryAddSingleton<ChannelResolver>();
        services.TryAddSingleton<RequestJournal>();
        services.TryAddSingleton<SubmitPolicy>();
        services.TryAddSingleton<SubmitService>();
        services.TryAddSingleton<DecisionService>();
        services.TryAddSingleton<RequestSweeper>();
        services.TryAddSingleton<DeviceLockService>();
        services.TryAddSingleton<Incidents.IncidentTimelineBuilder>();
        services.TryAddSingleton<Incidents.IncidentService>();
        services.TryAddSingleton<Incidents.SeverityService>();
        services.TryAddSingleton<QueueConsumerHealth>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessProbe, QueueConsumerReadinessProbe>());
        return services;
    }

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
