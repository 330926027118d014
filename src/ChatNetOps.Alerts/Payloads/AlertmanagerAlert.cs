namespace ChatNetOps.Alerts.Payloads;

using System.Text.Json.Serialization;

/// <summary>One alert of an Alertmanager (or Grafana) notification.</summary>
internal sealed record AlertmanagerAlert
{
    public string? Status { get; init; }

    public Dictionary<string, string>? Labels { get; init; }

    public Dictionary<string, string>? Annotations { get; init; }

    public DateTimeOffset? StartsAt { get; init; }

    public DateTimeOffset? EndsAt { get; init; }

    [JsonPropertyName("generatorURL")]
    public string? GeneratorUrl { get; init; }

    public string? Fingerprint { get; init; }

    /// <summary>Grafana only.</summary>
    [JsonPropertyName("dashboardURL")]
    public string? DashboardUrl { get; init; }
}
