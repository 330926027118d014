namespace ChatNetOps.Alerts;

using ChatNetOps.Alerts.Auth;
using ChatNetOps.Alerts.Cards;
using ChatNetOps.Alerts.Inbound;
using ChatNetOps.Alerts.Processing;
using ChatNetOps.Conversation.Rendering;
using ChatNetOps.Core.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

public static class AlertsServiceCollectionExtensions
{
    /// <summary>
    /// The inbound alert endpoints' services: <see cref="AlertsOptions"/> bound from <c>Alerts</c> and validated at
    /// start, one authenticator per source, and the intake. Needs an <see cref="Core.Alerts.IAlertStore"/> and an
    /// <see cref="IAuditLog"/> (the storage registrations provide them); the alert card needs the conversation layer's
    /// card templates and chat channels, and the auto-run the request services of Core. The registered
    /// <see cref="IAuditLog"/> is wrapped in <see cref="AlertCardAuditLog"/> (so call this after the storage
    /// registration), which refreshes an alert card when its incident is closed or its severity decided. In the
    /// background after start, the last change of each device is filled from the audit trail once per store
    /// (<see cref="Core.Requests.DeviceChangeBackfill"/>; needs the storage's <see cref="Core.Requests.IDeviceChangeBackfillStore"/>).
    /// </summary>
    public static IServiceCollection AddChatNetOpsAlerts(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<AlertsOptions>().BindConfiguration(AlertsOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertsOptions>, AlertsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<InboundRefusals>();
        services.TryAddSingleton<AlertRefusals>();
        services.TryAddSingleton<AlertSignal>();
        services.TryAddSingleton<AlertIntake>();
        services.TryAddSingleton<AlertProcessor>();
        services.AddHostedService<AlertProcessorService>();
        services.TryAddSingleton<FirstStepRunner>();
        services.TryAddSingleton<AlertCardQueue>();
        services.TryAddSingleton<AlertCards>();
        services.TryAddSingleton<DeviceChanges>();
        services.TryAddSingleton<Core.Requests.DeviceChangeBackfill>();
        services.AddHostedService<Core.Requests.DeviceChangeBackfillService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOpenChangeWindows, OpenChangeWindows>());
        services.TryAddSingleton<AlertCardNotifier>();
        services.AddHostedService<AlertCardService>();
        DecorateAuditLog(services);
        services.AddHttpClient(AzureMonitorAuthenticator.SigningKeysKey);
        services.TryAddKeyedSingleton<IConfigurationManager<OpenIdConnectConfiguration>>(AzureMonitorAuthenticator.SigningKeysKey, (sp, _) =>
        {
            var azure = sp.GetRequiredService<IOptions<AlertsOptions>>().Value.AzureMonitor;
            var address = azure.MetadataAddress ?? AzureMonitorAuthenticator.DefaultMetadataAddress(azure.TenantId ?? "common");
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(AzureMonitorAuthenticator.SigningKeysKey);
            return new ConfigurationManager<OpenIdConnectConfiguration>(address.AbsoluteUri, new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever(http) { RequireHttps = true });
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertAuthenticator, AlertmanagerAuthenticator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertAuthenticator, AzureMonitorAuthenticator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertAuthenticator, GrafanaAuthenticator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertAuthenticator, StandardWebhookAuthenticator>());
        return services;
    }

    private static void DecorateAuditLog(IServiceCollection services)
    {
        var existing = services.LastOrDefault(d => d.ServiceType == typeof(IAuditLog));
        if (existing is null)
        {
            throw new InvalidOperationException("AddChatNetOpsAlerts needs an IAuditLog registered first: call the storage package's Add… method before it.");
        }

        services.Remove(existing);
        services.AddSingleton<IAuditLog>(sp =>
        {
            var inner = existing.ImplementationInstance as IAuditLog
                ?? (existing.ImplementationFactory?.Invoke(sp) as IAuditLog)
                ?? (IAuditLog)ActivatorUtilities.CreateInstance(sp, existing.ImplementationType!);
            return new AlertCardAuditLog(inner, sp.GetRequiredService<AlertCardQueue>());
        });
    }
}
