namespace ChatNetOps.Core.Alerts;

/// <summary>
/// An alert group (Alertmanager <c>groupKey</c>, Azure <c>alertId</c>, …) and the incident it maps to. Alerts are kept
/// by fingerprint; a notification changes the group only where an alert is new, changed status or started again
/// (<see cref="AlertGroupDiff"/>). <see cref="ResolvedAt"/> is when its last firing alert resolved (null while any
/// fires): a firing within the route's flap window after it keeps the same incident.
/// </summary>
public sealed record AlertGroup(AlertSource Source, string GroupKey, string Route, DateTimeOffset FirstSeenAt)
{
    public string? IncidentId { get; init; }

    public IReadOnlyDictionary<string, TrackedAlert> Alerts { get; init; } = new Dictionary<string, TrackedAlert>(StringComparer.Ordinal);

    public DateTimeOffset? ResolvedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public string? Rule { get; init; }

    public string? ETag { get; init; }

    public bool IsFiring => Alerts.Values.Any(a => a.Status == AlertStatus.Firing);
}
