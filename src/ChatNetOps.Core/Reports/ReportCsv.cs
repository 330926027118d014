namespace ChatNetOps.Core.Reports;

using System.Globalization;

/// <summary>
/// The report as one long CSV table (RFC 4180): <c>section,dimension,metric,value</c>, the dimension's parts joined
/// by <c>/</c>. "no data" stands where the trail records no such events. Cells that a spreadsheet would run as a
/// formula are prefixed with a quote.
/// </summary>
public static class ReportCsv
{
    public static void Write(OperationsReport report, TextWriter w)
    {
        w.WriteLine("section,dimension,metric,value");
        Row(w, "chain", "-", "verified", report.Chain.Intact ? "true" : "false");
        Row(w, "chain", "-", "verdict", report.Chain.Describe());
        Row(w, "window", "-", "since", report.Query.Since.ToString("O", CultureInfo.InvariantCulture));
        Row(w, "window", "-", "until", report.Query.Until.ToString("O", CultureInfo.InvariantCulture));
        Row(w, "window", "-", "eventsInRange", N(report.EventsInRange));
        foreach (var missing in report.NoData)
        {
            Row(w, "noData", "-", "note", missing);
        }

        foreach (var r in report.Refusals)
        {
            Row(w, "refusals", $"{r.Reason}/{r.Runbook}/{r.Role}/{r.ChannelKind}", "count", N(r.Count));
        }

        foreach (var p in report.NotUnderstood)
        {
            Row(w, "notUnderstood", p.Phrase, "count", N(p.Count));
        }

        foreach (var a in report.Approvals)
        {
            var key = $"{a.Runbook}/{a.ApproverRole}";
            Row(w, "approvals", key, "approved", N(a.Approved));
            Row(w, "approvals", key, "rejected", N(a.Rejected));
            Stat(w, "approvals", key, "latency", a.Latency);
        }

        Row(w, "approvals", "-", "selfApprovalAttempts", N(report.SelfApprovalAttempts));
        foreach (var e in report.ExpiredUnapproved)
        {
            Row(w, "expiredUnapproved", e.Key, "count", N(e.Count));
        }

        foreach (var m in report.IncidentTimings)
        {
            Stat(w, "incidentTimings", m.Milestone, "duration", m.Stat);
        }

        foreach (var r in report.Runs)
        {
            var key = $"{r.Runbook}/{r.Platform}";
            Row(w, "runs", key, "runs", N(r.Runs));
            Row(w, "runs", key, "succeeded", N(r.Succeeded));
            Row(w, "runs", key, "failed", N(r.Failed));
            Row(w, "runs", key, "timedOut", N(r.TimedOut));
            Row(w, "runs", key, "interrupted", N(r.Interrupted));
            Row(w, "runs", key, "regressions", ReportText.Count(r.Regressions));
            Row(w, "runs", key, "rollbacks", ReportText.Count(r.Rollbacks));
            Stat(w, "runs", key, "duration", r.Duration);
        }

        foreach (var l in report.LockRefusals)
        {
            Row(w, "lockRefusals", l.Key, "count", N(l.Count));
        }

        foreach (var i in report.Incidents)
        {
            Row(w, "incidents", i.Id, "summary", ReportMarkdown.IncidentLine(i));
            Row(w, "incidents", i.Id, "exported", ReportText.Flag(i.Exported));
            Row(w, "incidents", i.Id, "ticketSent", ReportText.Flag(i.Ticketed));
        }
    }

    private static void Stat(TextWriter w, string section, string key, string metric, DurationStat? stat)
    {
        if (stat is null)
        {
            Row(w, section, key, metric + "P50Ms", ReportText.NoData);
            Row(w, section, key, metric + "P95Ms", ReportText.NoData);
            return;
        }

        Row(w, section, key, metric + "Count", N(stat.Count));
        Row(w, section, key, metric + "P50Ms", stat.P50 is { } p50 ? N((long)p50.TotalMilliseconds) : string.Empty);
        Row(w, section, key, metric + "P95Ms", stat.P95 is { } p95 ? N((long)p95.TotalMilliseconds) : string.Empty);
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Row(TextWriter w, string section, string dimension, string metric, string value) =>
        w.WriteLine($"{Cell(section)},{Cell(dimension)},{Cell(metric)},{Cell(value)}");

    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' && value != "-")
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
