namespace ChatNetOps.Alerts.Payloads;

internal sealed record AzureMonitorEssentials
{
    public string? AlertId { get; init; }

    public string? AlertRule { get; init; }

    public string? Severity { get; init; }

    public string? SignalType { get; init; }

    public string? MonitorCondition { get; init; }

    public string? MonitoringService { get; init; }

    public List<string?>? AlertTargetIds { get; init; }

    public List<string?>? ConfigurationItems { get; init; }

    public DateTimeOffset? FiredDateTime { get; init; }

    public DateTimeOffset? ResolvedDateTime { get; init; }

    public string? Description { get; init; }

    public string? TargetResourceGroup { get; init; }

    public string? TargetResourceType { get; init; }
}
