namespace ChatNetOps.Core.Alerts.Routing;

using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;

/// <summary>One route of <c>alert-routes.yaml</c> (docs/alerts.md).</summary>
public sealed record AlertRoute(string Name, ChatPlatform Platform, string ConversationId)
{
    public bool IsDefault { get; init; }

    /// <summary>The sources it takes; empty = any.</summary>
    public IReadOnlySet<AlertSource> Sources { get; init; } = new HashSet<AlertSource>();

    public IReadOnlyList<LabelMatcher> Labels { get; init; } = [];

    /// <summary>Values of the <c>severity</c> label it takes; empty = any.</summary>
    public IReadOnlyList<string> Severities { get; init; } = [];

    public string? Service { get; init; }

    public string? Environment { get; init; }

    public IReadOnlyList<string> DeviceGroups { get; init; } = [];

    public IReadOnlyList<string> DeviceNames { get; init; } = [];

    /// <summary>The <c>severity</c> label's value → incident severity 1..5.</summary>
    public IReadOnlyDictionary<string, int> SeverityMap { get; init; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

    public IncidentPolicy IncidentPolicy { get; init; } = IncidentPolicy.New;

    public TimeSpan AttachWithin { get; init; } = TimeSpan.FromMinutes(30);

    public TimeSpan FlapWindow { get; init; } = TimeSpan.FromMinutes(15);

    public string IncidentPrefix { get; init; } = "ALR";

    public FirstStep? FirstStep { get; init; }

    /// <summary>True when the route names no device scope: alerts may name any device of the inventory.</summary>
    public bool HasAnyDeviceScope => DeviceGroups.Count == 0 && DeviceNames.Count == 0;

    public bool InScope(Device device) =>
        HasAnyDeviceScope
        || DeviceNames.Contains(device.Name, StringComparer.OrdinalIgnoreCase)
        || DeviceGroups.Any(device.InGroup);

    public bool Matches(AlertSource source, IReadOnlyDictionary<string, string> labels) =>
        !IsDefault
        && (Sources.Count == 0 || Sources.Contains(source))
        && Labels.All(m => m.Matches(labels))
        && (Severities.Count == 0 || (labels.TryGetValue("severity", out var severity) && Severities.Contains(severity, StringComparer.OrdinalIgnoreCase)));

    /// <summary>The incident severity for the alert's <c>severity</c> label; null when the map does not name it.</summary>
    public int? SeverityOf(IReadOnlyDictionary<string, string> labels) =>
        labels.TryGetValue("severity", out var value) && SeverityMap.TryGetValue(value, out var severity) ? severity : null;
}
