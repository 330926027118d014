namespace ChatNetOps.ChangeRecords;

using System.Net;
using ChatNetOps.ChangeRecords.Jira;
using ChatNetOps.ChangeRecords.ServiceNow;
using ChatNetOps.ChangeRecords.Webhooks;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.ChangeRecords;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

public static class ChangeRecordsServiceCollectionExtensions
{
    /// <summary>Retry-After up to this long is waited inside the request; longer ones go back to the outbox, which waits durably.</summary>
    internal static readonly TimeSpan MaxInRequestWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The change-record sinks (ServiceNow, Jira, Webhook), the outbox behind the audit log and its dispatcher, from the
    /// <c>ChangeRecords</c> section (validated at start). Call after the storage package (it decorates the
    /// <see cref="IAuditLog"/> registered there). With <paramref name="runDispatcher"/> the dispatcher runs as a hosted
    /// service in this process. <c>ChangeRecords:Sink=None</c> (the default) queues nothing.
    /// </summary>
    public static IServiceCollection AddChatNetOpsChangeRecords(this IServiceCollection services, bool runDispatcher = true)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ChangeRecordOptions>().BindConfiguration(ChangeRecordOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ServiceNowOptions>().BindConfiguration(ServiceNowOptions.SectionName);
        services.AddOptions<JiraOptions>().BindConfiguration(JiraOptions.SectionName);
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChangeRecordOptions>, ChangeRecordsValidator>());

        AddClient(services, ServiceNowSink.HttpClientName, sp => sp.GetRequiredService<IOptions<ServiceNowOptions>>().Value.Timeout)
            .AddHttpMessageHandler(sp => new ServiceNowAuthHandler(sp.GetRequiredService<IOptions<ServiceNowOptions>>(), sp.GetRequiredService<TimeProvider>()));
        AddClient(services, JiraSink.HttpClientName, sp => sp.GetRequiredService<IOptions<JiraOptions>>().Value.Timeout);
        AddClient(services, WebhookSink.HttpClientName, sp => sp.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout);

        services.TryAddSingleton<ServiceNowSink>();
        services.AddSingleton<IChangeRecordSink>(sp => sp.GetRequiredService<ServiceNowSink>());
        services.TryAddSingleton<Core.ChangeWindows.IChangeTicketing, ServiceNowChangeTicketing>();
        services.AddSingleton<IChangeRecordSink, JiraSink>();
        services.AddSingleton<IChangeRecordSink, WebhookSink>();
        services.TryAddSingleton<ChangeRecordSignal>();
        services.TryAddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<ChangeRecordOptions>>().Value;
            var sink = sp.GetServices<IChangeRecordSink>().FirstOrDefault(s => settings.Enabled && string.Equals(s.Name, settings.Sink.Trim(), StringComparison.OrdinalIgnoreCase));
            return new ChangeRecordSubscription(sink is null ? [] : [sink.Name], settings.SubscribedEvents());
        });
        services.TryAddSingleton<ChangeRecordDispatcher>();
        Decorate(services);
        if (runDispatcher)
        {
            services.AddHostedService<ChangeRecordDispatcherService>();
        }

        return services;
    }

    private static IHttpClientBuilder AddClient(IServiceCollection services, string name, Func<IServiceProvider, TimeSpan> timeout)
    {
        var builder = services.AddHttpClient(name, c => c.Timeout = Timeout.InfiniteTimeSpan);
        builder.AddResilienceHandler("change-records", (pipeline, context) =>
        {
            // Only requests the server refused without acting on them are retried here: 429 (rate limited) with a short
            // Retry-After. Anything else (a create or a note that may have landed, a 5xx, a timeout) goes back to the
            // outbox, which waits durably and checks before sending again.
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromSeconds(1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetryInRequest(args.Outcome, context.ServiceProvider.GetRequiredService<TimeProvider>())),
            });
            pipeline.AddTimeout(timeout(context.ServiceProvider));
        });
        return builder;
    }

    internal static bool ShouldRetryInRequest(Outcome<HttpResponseMessage> outcome, TimeProvider time)
    {
        if (outcome.Result is not { } response)
        {
            return false;
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return Http.RateLimitGate.Wait(response, time) is not { } wait || wait <= MaxInRequestWait;
        }

        return false;
    }

    /// <summary>Wraps the registered <see cref="IAuditLog"/> so recording an incident event queues it for the sink.</summary>
    private static void Decorate(IServiceCollection services)
    {
        var existing = services.LastOrDefault(d => d.ServiceType == typeof(IAuditLog));
        if (existing is null || existing.ImplementationType == typeof(ChangeRecordAuditLog))
        {
            throw new InvalidOperationException("AddChatNetOpsChangeRecords needs an IAuditLog registered first: call the storage package's Add… method before it.");
        }

        services.Remove(existing);
        services.AddSingleton<IAuditLog>(sp =>
        {
            var inner = existing.ImplementationInstance as IAuditLog
                ?? (existing.ImplementationFactory?.Invoke(sp) as IAuditLog)
                ?? (IAuditLog)ActivatorUtilities.CreateInstance(sp, existing.ImplementationType!);
            return new ChangeRecordAuditLog(
                inner,
                sp.GetRequiredService<IChangeRecordStore>(),
                sp.GetRequiredService<ChangeRecordSubscription>(),
                sp.GetRequiredService<ChangeRecordSignal>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<ChangeRecordAuditLog>>());
        });
    }
}
