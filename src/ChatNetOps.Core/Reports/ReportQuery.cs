namespace ChatNetOps.Core.Reports;

/// <summary>Which events a report covers: <paramref name="Since"/> inclusive, <paramref name="Until"/> exclusive, optionally one incident.</summary>
public sealed record ReportQuery(DateTimeOffset Since, DateTimeOffset Until, string? Incident)
{
    public string? Incident { get; init; } = string.IsNullOrWhiteSpace(Incident) ? null : Incident.Trim().ToUpperInvariant();
}
