namespace ChatNetOps.Alerts.Processing;

using ChatNetOps.Core.Alerts;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary>
/// The principal alerts act as: <c>alert:&lt;source&gt;</c> (e.g. <c>alert:alertmanager</c>), recorded as the actor of
/// everything an alert does in the audit trail. Alert sources are not chat users: the platform is the console's.
/// </summary>
public static class AlertPrincipal
{
    public static Actor For(AlertSource source)
    {
        var name = Name(source);
        return new Actor(ChatPlatform.Console, "alert:" + name, "Alert (" + name + ")") { MemberId = "alert:" + name };
    }

    public static string Name(AlertSource source) => source switch
    {
        AlertSource.Alertmanager => "alertmanager",
        AlertSource.AzureMonitor => "azure-monitor",
        AlertSource.Grafana => "grafana",
        AlertSource.Webhook => "webhook",
        _ => source.ToString().ToLowerInvariant(),
    };
}
