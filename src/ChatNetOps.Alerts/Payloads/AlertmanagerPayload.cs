namespace ChatNetOps.Alerts.Payloads;

using System.Text.Json.Serialization;

/// <summary>
/// The Alertmanager webhook body, version 4 (docs/configuration.md §webhook_config, notify/webhook/webhook.go), which
/// Grafana's webhook contact point extends (grafana/alerting receivers/webhook/v1). Unknown fields are ignored.
/// </summary>
internal sealed record AlertmanagerPayload
{
    public string? Version { get; init; }

    public string? GroupKey { get; init; }

    public string? Status { get; init; }

    public string? Receiver { get; init; }

    public Dictionary<string, string>? GroupLabels { get; init; }

    public Dictionary<string, string>? CommonLabels { get; init; }

    [JsonPropertyName("externalURL")]
    public string? ExternalUrl { get; init; }

    public List<AlertmanagerAlert?>? Alerts { get; init; }
}
