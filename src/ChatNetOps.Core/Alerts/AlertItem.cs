namespace ChatNetOps.Core.Alerts;

/// <summary>
/// One alert of a notification, in the shape every source is mapped to (Alertmanager's: labels, annotations, start,
/// end). <see cref="Fingerprint"/> identifies the alert within its group across notifications; <see cref="EndsAt"/>
/// is null while it fires.
/// </summary>
public sealed record AlertItem(
    string Fingerprint,
    AlertStatus Status,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt)
{
    public string? GeneratorUrl { get; init; }

    public string? DashboardUrl { get; init; }
}
