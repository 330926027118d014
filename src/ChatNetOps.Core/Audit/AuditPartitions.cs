namespace ChatNetOps.Core.Audit;

using System.Globalization;

/// <summary>Events about an incident chain under the incident id; everything else under its UTC day.</summary>
public static class AuditPartitions
{
    public const string DayPrefix = "day-";

    public static string For(string? incident, DateTimeOffset now) =>
        string.IsNullOrWhiteSpace(incident)
            ? DayPrefix + now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : incident.Trim().ToUpperInvariant();
}
