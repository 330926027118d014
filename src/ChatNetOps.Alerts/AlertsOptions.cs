namespace ChatNetOps.Alerts;

/// <summary>
/// <c>Alerts:*</c>: the secrets of the inbound alert endpoints (docs/alerts.md). An endpoint whose secret is not
/// configured answers 401 to everything; a half-configured one stops the host at start
/// (<see cref="AlertsOptionsValidator"/>). Secrets come from Key Vault in Azure and are never logged.
/// </summary>
public sealed class AlertsOptions
{
    public const string SectionName = "Alerts";

    public AlertmanagerOptions Alertmanager { get; set; } = new();

    public AzureMonitorOptions AzureMonitor { get; set; } = new();

    public GrafanaOptions Grafana { get; set; } = new();

    public StandardWebhookOptions Webhook { get; set; } = new();

    /// <summary>How far a signed timestamp (Grafana, Standard Webhooks) may be from our clock, either way.</summary>
    public TimeSpan TimestampTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How many times the processor tries a notification whose processing fails before it gives it up (marks it
    /// processed, logs it as an error and audits it as dropped); 1–100, default 5.
    /// </summary>
    public int ProcessingAttempts { get; set; } = 5;

    /// <summary>
    /// The least time between two in-place updates of one alert card; changes within it are sent together once it has
    /// passed (Slack and Teams rate-limit message updates, and a storm would otherwise re-render the card per
    /// notification). 0–1 minute, default 2 seconds; 0 sends every change at once.
    /// </summary>
    public TimeSpan CardUpdateGap { get; set; } = TimeSpan.FromSeconds(2);
}
