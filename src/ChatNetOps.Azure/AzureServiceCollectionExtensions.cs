namespace ChatNetOps.Azure;

using ChatNetOps.Azure.Audit;
using ChatNetOps.Azure.Cosmos;
using ChatNetOps.Azure.KeyVault;
using ChatNetOps.Azure.ServiceBus;
using ChatNetOps.Core;
using ChatNetOps.Core.Alerts;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Audit.Checkpoints;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Health;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Queues;
using ChatNetOps.Core.Requests;
using global::Azure.Core;
using global::Azure.Core.Pipeline;
using global::Azure.Security.KeyVault.Secrets;
using global::Azure.Storage;
using global::Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

/// <summary>
/// The Azure backends of Core's ports. Hosts call these when <c>Storage:Provider=Cosmos</c>,
/// <c>Queue:Provider=ServiceBus</c> and <c>Credentials:Provider=KeyVault</c>. Identity is a <c>TokenCredential</c>
/// registered in the container, else <c>DefaultAzureCredential</c> (managed identity in Azure). Each registers an
/// <see cref="IReadinessProbe"/> for /readyz and validates its options at start.
/// </summary>
public static class AzureServiceCollectionExtensions
{
    /// <summary>Every storage port (requests, outputs, device locks, incidents, audit, conversation endpoints, chat state) on Cosmos DB, from the <c>Cosmos</c> section.</summary>
    public static IServiceCollection AddChatNetOpsCosmosStorage(this IServiceCollection services, Action<CosmosOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<CosmosOptions>()
            .BindConfiguration(CosmosOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.Endpoint is { IsAbsoluteUri: true } e && (e.Scheme == Uri.UriSchemeHttps || e.IsLoopback), "Cosmos:Endpoint must be an absolute https URI (http only on 127.0.0.1).")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CosmosRequestCharges>();
        services.TryAddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<CosmosOptions>>().Value;
            var logger = sp.GetService<ILoggerFactory>()?.CreateLogger("ChatNetOps.Azure.Cosmos") ?? NullLogger.Instance;
            var client = CosmosClientFactory.Create(settings, AzureTokenCredentials.Resolve(sp), logger);
            return new CosmosContainers(client, settings, sp.GetRequiredService<CosmosRequestCharges>(), sp.GetRequiredService<TimeProvider>(), logger, ownsClient: true);
        });
        services.TryAddSingleton<IRequestStore, CosmosRequestStore>();
        services.TryAddSingleton<IOutputStore, CosmosOutputStore>();
        services.TryAddSingleton<IDeviceLockStore, CosmosDeviceLockStore>();
        services.TryAddSingleton<ILockWatchStore, CosmosLockWatchStore>();
        services.TryAddSingleton<IIncidentStore, CosmosIncidentStore>();
        services.TryAddSingleton<Core.ChangeWindows.IChangeWindowStore, CosmosChangeWindowStore>();
        services.TryAddSingleton<IAuditStore, CosmosAuditStore>();
        services.TryAddSingleton<IConversationEndpointStore, CosmosConversationEndpointStore>();
        services.TryAddSingleton<IRequestCardStore, CosmosRequestCardStore>();
        services.TryAddSingleton<IChatStateStore, CosmosChatStateStore>();
        services.TryAddSingleton<ChatNetOps.Core.ChangeRecords.IChangeRecordStore, CosmosChangeRecordStore>();
        services.TryAddSingleton<IAlertStore, CosmosAlertStore>();
        services.TryAddSingleton<IAlertGroupStore, CosmosAlertGroupStore>();
        services.TryAddSingleton<IAlertCardClaimStore, CosmosAlertCardClaimStore>();
        services.TryAddSingleton<IDeviceChangeStore, CosmosDeviceChangeStore>();
        services.TryAddSingleton<IDeviceChangeBackfillStore, CosmosDeviceChangeBackfillStore>();
        services.TryAddSingleton<IAuditLog>(sp => new AuditTrail(
            sp.GetRequiredService<IAuditStore>(), sp.GetRequiredService<TimeProvider>(), CoreServiceCollectionExtensions.AnchorOf(sp)));
        services.AddSingleton<IReadinessProbe, CosmosReadinessProbe>();
        return services;
    }

    /// <summary>
    /// The jobs, results and chat-work queues on Service Bus through Azure.Messaging.ServiceBus, from the <c>ServiceBus</c>
    /// section: one client (one AMQP connection) per process, Entra ID or a SAS connection string
    /// (<see cref="ServiceBusOptions"/>). Each queue is made when first resolved, so a worker, which never resolves
    /// <see cref="IChatWorkQueue"/>, neither uses nor checks the bot's chat-work queue.
    /// </summary>
    public static IServiceCollection AddChatNetOpsServiceBusQueues(this IServiceCollection services, Action<ServiceBusOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ServiceBusOptions>()
            .BindConfiguration(ServiceBusOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServiceBusOptions>, ServiceBusOptionsValidator>());
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<ServiceBusOptions>>().Value;
            var logger = sp.GetService<ILoggerFactory>()?.CreateLogger("ChatNetOps.Azure.ServiceBus") ?? NullLogger.Instance;
            return new ServiceBusClients(settings, sp.GetService<TokenCredential>(), sp.GetRequiredService<TimeProvider>(), logger);
        });
        services.TryAddSingleton<IJobQueue>(sp => new ServiceBusJobQueue(
            sp.GetRequiredService<ServiceBusClients>(),
            sp.GetRequiredService<IOptions<ServiceBusOptions>>().Value.JobsQueue,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<ServiceBusJobQueue>>() ?? NullLogger<ServiceBusJobQueue>.Instance));
        services.TryAddSingleton<IResultQueue>(sp => new ServiceBusResultQueue(
            sp.GetRequiredService<ServiceBusClients>(),
            sp.GetRequiredService<IOptions<ServiceBusOptions>>().Value.ResultsQueue,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<ServiceBusResultQueue>>() ?? NullLogger<ServiceBusResultQueue>.Instance));
        services.TryAddSingleton<IChatWorkQueue>(sp => new ServiceBusChatWorkQueue(
            sp.GetRequiredService<ServiceBusClients>(),
            sp.GetRequiredService<IOptions<ServiceBusOptions>>().Value.ChatWorkQueue,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<ServiceBusChatWorkQueue>>() ?? NullLogger<ServiceBusChatWorkQueue>.Instance));
        services.AddSingleton<IReadinessProbe>(sp => new ServiceBusReadinessProbe(sp.GetRequiredService<ServiceBusClients>()));
        return services;
    }

    /// <summary>Device credentials from Key Vault secrets named by the inventory's credential references, from the <c>KeyVault</c> section.</summary>
    public static IServiceCollection AddChatNetOpsKeyVaultCredentials(this IServiceCollection services, Action<KeyVaultOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<KeyVaultOptions>()
            .BindConfiguration(KeyVaultOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.Uri is { IsAbsoluteUri: true } u && u.Scheme == Uri.UriSchemeHttps, "KeyVault:Uri must be an absolute https URI such as https://<vault>.vault.azure.net/.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<KeyVaultOptions>>().Value;
            var clientOptions = new SecretClientOptions { DisableChallengeResourceVerification = settings.DisableChallengeResourceVerification };
            if (settings.AcceptAnyServerCertificate)
            {
                clientOptions.Transport = new HttpClientTransport(new HttpClientHandler
                {
                    ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
                });
            }

            return new SecretClient(settings.Uri!, AzureTokenCredentials.Resolve(sp), clientOptions);
        });
        services.Replace(ServiceDescriptor.Singleton<ICredentialProvider, KeyVaultCredentialProvider>());
        services.AddSingleton<IReadinessProbe, KeyVaultReadinessProbe>();
        return services;
    }

    /// <summary>
    /// Audit checkpoints appended to a Blob container under a version-level immutability policy (section
    /// <c>Audit:Checkpoints:Blob</c>; hosts call it when <c>Audit:Checkpoints:Provider=Blob</c>). Replaces any other sink.
    /// </summary>
    public static IServiceCollection AddChatNetOpsBlobAuditCheckpoints(this IServiceCollection services, Action<BlobCheckpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<BlobCheckpointOptions>()
            .BindConfiguration(BlobCheckpointOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.ServiceUri is { IsAbsoluteUri: true } u && (u.Scheme == Uri.UriSchemeHttps || u.IsLoopback), "Audit:Checkpoints:Blob:ServiceUri must be an absolute https URI (http only on 127.0.0.1).")
            .Validate(o => string.IsNullOrEmpty(o.AccountKey) || (o.ServiceUri?.IsLoopback == true && !string.IsNullOrEmpty(o.AccountName)), "Audit:Checkpoints:Blob:AccountKey is for the storage emulator on 127.0.0.1 only (with AccountName); in Azure the identity is used.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.Replace(ServiceDescriptor.Singleton<IAuditCheckpointSink>(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<BlobCheckpointOptions>>().Value;
            var service = string.IsNullOrEmpty(settings.AccountKey)
                ? new BlobServiceClient(settings.ServiceUri!, AzureTokenCredentials.Resolve(sp))
                : new BlobServiceClient(settings.ServiceUri!, new StorageSharedKeyCredential(settings.AccountName!, settings.AccountKey));
            return new BlobCheckpointSink(service.GetBlobContainerClient(settings.Container), settings.Prefix, settings.CreateContainer);
        }));
        return services;
    }

    /// <summary>
    /// The audit checkpoint key from a Key Vault secret (section <c>Audit:Key:KeyVault</c>; hosts call it when
    /// <c>Audit:Key:Provider=KeyVault</c>). Replaces any other key source.
    /// </summary>
    public static IServiceCollection AddChatNetOpsKeyVaultAuditKey(this IServiceCollection services, Action<KeyVaultAuditKeyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<KeyVaultAuditKeyOptions>()
            .BindConfiguration(KeyVaultAuditKeyOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.Uri is { IsAbsoluteUri: true } u && u.Scheme == Uri.UriSchemeHttps, "Audit:Key:KeyVault:Uri must be an absolute https URI such as https://<vault>.vault.azure.net/.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.Replace(ServiceDescriptor.Singleton<IAuditKeyRing>(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<KeyVaultAuditKeyOptions>>().Value;
            var clientOptions = new SecretClientOptions { DisableChallengeResourceVerification = settings.DisableChallengeResourceVerification };
            if (settings.AcceptAnyServerCertificate)
            {
                clientOptions.Transport = new HttpClientTransport(new HttpClientHandler
                {
                    ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
                });
            }

            return new KeyVaultAuditKeyRing(new SecretClient(settings.Uri!, AzureTokenCredentials.Resolve(sp), clientOptions), settings.SecretName);
        }));
        return services;
    }
}
