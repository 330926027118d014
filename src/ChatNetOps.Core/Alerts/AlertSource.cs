namespace ChatNetOps.Core.Alerts;

/// <summary>Where an alert notification came in: one inbound endpoint each.</summary>
public enum AlertSource
{
    Alertmanager,
    AzureMonitor,
    Grafana,
    Webhook,
}
