namespace ChatNetOps.Core.Reports;

using System.Globalization;

/// <summary>Shared wording of the renderers: durations, "no data", the window.</summary>
public static class ReportText
{
    public const string NoData = "no data";

    public static string Duration(TimeSpan? value)
    {
        if (value is not { } d)
        {
            return "-";
        }

        return d.TotalSeconds < 1 ? $"{(long)d.TotalMilliseconds} ms"
            : d.TotalMinutes < 1 ? string.Create(CultureInfo.InvariantCulture, $"{d.TotalSeconds:0.#} s")
            : d.TotalHours < 1 ? $"{(int)d.TotalMinutes}m {d.Seconds:00}s"
            : d.TotalDays < 1 ? $"{(int)d.TotalHours}h {d.Minutes:00}m"
            : $"{(int)d.TotalDays}d {d.Hours:00}h";
    }

    public static string Stat(DurationStat? stat) =>
        stat is null ? NoData : stat.Count == 0 ? "-" : $"{Duration(stat.P50)} / {Duration(stat.P95)}";

    public static string Count(long? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : NoData;

    public static string Flag(bool? value) => value is { } v ? (v ? "yes" : "no") : NoData;

    public static string Rate(long part, long whole) =>
        whole == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * part / whole:0.#}%");

    public static string Rate(long? part, long whole) => part is { } p ? Rate(p, whole) : NoData;

    public static string Time(DateTimeOffset? value) =>
        value is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "-";

    public static string Window(ReportQuery query) =>
        $"{query.Since.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} to {query.Until.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC"
        + (query.Incident is null ? string.Empty : $", incident {query.Incident}");

    public static string Summary(OperationsReport report)
    {
        var approvals = report.Approvals.Sum(a => a.Approved + a.Rejected);
        var runs = report.TotalRuns;
        var succeeded = report.Runs.Sum(r => r.Succeeded);
        return $"{report.EventsInRange} events in the window; {runs} runs ({Rate(succeeded, runs)} succeeded); {report.TotalRefusals} refusals; "
            + $"{approvals} decisions, {report.ExpiredUnapproved.Sum(e => e.Count)} expired unapproved; {report.Incidents.Count} incidents";
    }
}
