namespace ChatNetOps.Core.Alerts;

/// <summary>What a group remembers of one alert between notifications: enough to tell a change from a repeat, and to show it.</summary>
public sealed record TrackedAlert(
    string Fingerprint,
    AlertStatus Status,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    IReadOnlyDictionary<string, string> Labels)
{
    public string? Summary { get; init; }

    public string? Device { get; init; }

    /// <summary>How <see cref="Device"/> was found (<see cref="Routing.DeviceMatch.Rule"/>).</summary>
    public string? DeviceRule { get; init; }

    public string? GeneratorUrl { get; init; }

    /// <summary>A dashboard the source links (Grafana <c>dashboardURL</c>, an annotation <c>dashboard</c>); unchecked here, checked where shown.</summary>
    public string? DashboardUrl { get; init; }
}
