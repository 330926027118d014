namespace ChatNetOps.Core.Incidents;

using System.Globalization;
using ChatNetOps.Core.Audit;

/// <summary>
/// An incident's effective severity as its audit chain establishes it: the severity it opened at
/// (<see cref="AuditKind.IncidentOpened"/>), then each confirmed change (<see cref="AuditKind.SeverityConfirmed"/>).
/// Proposals, expiries and rejections do not change it. The timeline, the export and the report read it from here.
/// </summary>
public static class IncidentSeverityRule
{
    /// <summary>
    /// The severity an <see cref="AuditKind.IncidentOpened"/> event records the incident opening at. An alert incident
    /// opened before <c>proposedSeverity</c> was recorded wrote the alert's proposal as <c>severity</c> (with
    /// <c>severityStatus=proposed</c>) while the incident opened at <see cref="IncidentService.DefaultSeverity"/>.
    /// </summary>
    public static int? Opened(AuditEvent opened)
    {
        ArgumentNullException.ThrowIfNull(opened);
        if (string.Equals(opened.Details.GetValueOrDefault("severityStatus"), "proposed", StringComparison.Ordinal)
            && !opened.Details.ContainsKey("proposedSeverity"))
        {
            return IncidentService.DefaultSeverity;
        }

        return Parse(opened.Details.GetValueOrDefault("severity"));
    }

    /// <summary>The effective severity after <paramref name="e"/>, given <paramref name="current"/> before it.</summary>
    public static int? After(int? current, AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Kind switch
        {
            AuditKind.IncidentOpened => Opened(e),
            AuditKind.SeverityConfirmed => Parse(e.Details.GetValueOrDefault("to")) ?? current,
            _ => current,
        };
    }

    private static int? Parse(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var severity) ? severity : null;
}
