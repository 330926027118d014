namespace ChatNetOps.Core.Alerts;

/// <summary>
/// What one notification changes in a group. A notification carries every alert the source currently holds for the
/// group (not a delta), so an alert is a change only when it is new, its status changed, or it started again (a new
/// <c>startsAt</c>); an alert the notification no longer carries is left as it was (Alertmanager sends a resolved
/// alert once and then drops it). Repeats and HA duplicates are therefore no change at all, and a state older than the
/// one stored (a notification processed after a newer one) is ignored per alert.
/// </summary>
public sealed record AlertGroupDiff(IReadOnlyList<TrackedAlert> Fired, IReadOnlyList<TrackedAlert> Resolved, AlertGroup Updated)
{
    public bool IsEmpty => Fired.Count == 0 && Resolved.Count == 0;

    public static AlertGroupDiff Apply(AlertGroup group, AlertNotification notification, Func<AlertItem, TrackedAlert> track)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(track);
        var alerts = new Dictionary<string, TrackedAlert>(group.Alerts, StringComparer.Ordinal);
        var fired = new List<TrackedAlert>();
        var resolved = new List<TrackedAlert>();
        foreach (var item in notification.Alerts)
        {
            alerts.TryGetValue(item.Fingerprint, out var known);
            if (known is not null && known.Status == item.Status && known.StartsAt == item.StartsAt)
            {
                continue;
            }

            // An older notification arriving late (a retry, the lagging peer of an HA pair, requests recorded out of
            // order) never undoes a newer state.
            if (known is not null && IsOlder(item, known))
            {
                continue;
            }

            var tracked = track(item);
            alerts[item.Fingerprint] = tracked;
            (item.Status == AlertStatus.Firing ? fired : resolved).Add(tracked);
        }

        var firing = alerts.Values.Any(a => a.Status == AlertStatus.Firing);
        var updated = group with
        {
            Alerts = alerts,
            ResolvedAt = firing ? null : group.ResolvedAt ?? (resolved.Count > 0 ? notification.ReceivedAt : group.ResolvedAt),
            UpdatedAt = fired.Count + resolved.Count > 0 ? notification.ReceivedAt : group.UpdatedAt,
        };
        return new AlertGroupDiff(fired, resolved, updated);
    }

    /// <summary>
    /// Whether <paramref name="item"/> is an older state of the alert than the one stored. A notification has no time
    /// of its own (Alertmanager's webhook body carries none), so an alert's states are ordered by its own times: a later
    /// <c>startsAt</c> is a later firing; within one <c>startsAt</c>, firing comes before resolved (an alert that fires
    /// again starts again: Prometheus gives it a new <c>startsAt</c>). So a firing with the start of an alert already
    /// resolved is stale, and must not fire it again.
    /// </summary>
    private static bool IsOlder(AlertItem item, TrackedAlert known) =>
        item.StartsAt < known.StartsAt
        || (item.StartsAt == known.StartsAt && item.Status == AlertStatus.Firing && known.Status == AlertStatus.Resolved);
}
