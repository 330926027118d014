namespace ChatNetOps.Alerts.Inbound;

using ChatNetOps.Core.Alerts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

public static class AlertEndpoints
{
    public const string Alertmanager = "/api/alerts/alertmanager";
    public const string AzureMonitor = "/api/alerts/azure-monitor";
    public const string Grafana = "/api/alerts/grafana";
    public const string Webhook = "/api/alerts/webhook";

    /// <summary>The four endpoints, as a refusal of any other path under <c>/api/alerts</c> names them.</summary>
    public static IReadOnlyList<string> All { get; } = [Alertmanager, AzureMonitor, Grafana, Webhook];

    /// <summary>
    /// Maps the four inbound alert endpoints (POST only); each authenticates its own source. A POST to any other path
    /// under <c>/api/alerts</c> (a source we do not have) is refused with 404 and an audited denial, its body unread.
    /// </summary>
    public static IEndpointRouteBuilder MapAlertEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        Map(endpoints, Alertmanager, AlertSource.Alertmanager);
        Map(endpoints, AzureMonitor, AlertSource.AzureMonitor);
        Map(endpoints, Grafana, AlertSource.Grafana);
        Map(endpoints, Webhook, AlertSource.Webhook);
        endpoints.MapPost("/api/alerts/{**source}", (HttpContext http, AlertIntake intake) => intake.RefuseUnknownSourceAsync(http))
            .DisableAntiforgery();
        return endpoints;
    }

    private static void Map(IEndpointRouteBuilder endpoints, string pattern, AlertSource source) =>
        endpoints.MapPost(pattern, (HttpContext http, AlertIntake intake) => intake.HandleAsync(http, source))
            .DisableAntiforgery();
}
