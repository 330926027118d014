namespace ChatNetOps.Hosting;

using global::Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

/// <summary>
/// Traces and metrics from every ChatNetOps source. A chat command, its queued job and the device run share one
/// trace (the chat-work, job and result messages carry the W3C traceparent): Slack's receive and work spans (or the
/// Teams activity span), Conversation's dialog span, Core's request and job run spans, under the run Execution's
/// per-device spans (SSH session, connect, enable, each command; FortiGate REST calls), and Conversation's spans
/// for the results posted back (docs/architecture.md, "Logging and tracing"). Exported to Application
/// Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set; otherwise collected in-process only.
/// </summary>
internal static class TelemetrySetup
{
    public const string ConnectionStringKey = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public static IServiceCollection AddChatNetOpsTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        var connectionString = configuration[ConnectionStringKey];
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithTracing(tracing =>
            {
                // Named so a renamed source fails the build here; the wildcard takes any later ChatNetOps source.
                tracing.AddSource(global::ChatNetOps.Core.Telemetry.Name, global::ChatNetOps.Execution.Telemetry.Name, "ChatNetOps.*");
                if (!string.IsNullOrWhiteSpace(connectionString))
                {
                    tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = connectionString);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter("ChatNetOps.*");
                if (!string.IsNullOrWhiteSpace(connectionString))
                {
                    metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = connectionString);
                }
            });
        return services;
    }
}
