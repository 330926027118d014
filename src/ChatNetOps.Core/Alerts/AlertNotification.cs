namespace ChatNetOps.Core.Alerts;

/// <summary>
/// One notification as received from a source, after its authentication and parsing, before any routing. It carries
/// the whole group as the source sent it (Alertmanager sends every alert of the group each time, not a delta).
/// <see cref="Id"/> is the idempotency key: the same notification sent twice (an HA pair, a retry, the same
/// <c>webhook-id</c>) has the same id and is recorded once.
/// </summary>
public sealed record AlertNotification(
    AlertSource Source,
    string Id,
    string GroupKey,
    AlertStatus Status,
    IReadOnlyList<AlertItem> Alerts,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The rule or alert name the source reports (Alertmanager <c>alertname</c>, Azure <c>alertRule</c>).</summary>
    public string? Rule { get; init; }

    /// <summary>Labels every alert of the group shares (Alertmanager <c>commonLabels</c>; Azure <c>customProperties</c>).</summary>
    public IReadOnlyDictionary<string, string> CommonLabels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Where the source can be reached (Alertmanager <c>externalURL</c>).</summary>
    public string? ExternalUrl { get; init; }
}
