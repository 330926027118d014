namespace ChatNetOps.Core.Reports;

using System.Globalization;

/// <summary>The report as Markdown: the chain verdict first, then one table per question.</summary>
public static class ReportMarkdown
{
    public static void Write(OperationsReport report, TextWriter writer)
    {
        writer.WriteLine("# ChatNetOps report");
        writer.WriteLine();
        writer.WriteLine($"**{Escape(report.Chain.Describe())}**. Built only from verified audit events.");
        writer.WriteLine();
        writer.WriteLine($"Window: {ReportText.Window(report.Query)}. Generated {ReportText.Time(report.GeneratedAt)}. {ReportText.Summary(report)}.");
        foreach (var missing in report.NoData)
        {
            writer.WriteLine($"- No data: {missing}.");
        }

        Section(writer, "Refusals by reason, runbook, role and channel kind", ["reason", "runbook", "role", "channel kind", "count"],
            report.Refusals.Select(r => new[] { r.Reason, r.Runbook, r.Role, r.ChannelKind, Num(r.Count) }));
        Section(writer, "Phrases not understood", ["phrase", "count"],
            report.NotUnderstood.Select(p => new[] { p.Phrase, p.Error == 0 ? Num(p.Count) : $"≤{Num(p.Count)}" }));
        Section(writer, "Approval latency (requested → decided), p50 / p95", ["runbook", "approver role", "approved", "rejected", "p50 / p95"],
            report.Approvals.Select(a => new[] { a.Runbook, a.ApproverRole, Num(a.Approved), Num(a.Rejected), ReportText.Stat(a.Latency) }));
        writer.WriteLine();
        writer.WriteLine($"Self-approval attempts: {Num(report.SelfApprovalAttempts)}.");
        Section(writer, "Expired unapproved requests", ["runbook", "expired"], report.ExpiredUnapproved.Select(e => new[] { e.Key, Num(e.Count) }));
        Section(writer, "Incident timings, p50 / p95 over incidents", ["milestone", "incidents", "p50 / p95"],
            report.IncidentTimings.Select(m => new[] { m.Milestone, m.Stat is null ? ReportText.NoData : Num(m.Stat.Count), ReportText.Stat(m.Stat) }));
        Section(writer, "Runs per runbook and platform", ["runbook", "platform", "runs", "success", "failure", "timeout", "interrupted", "regression", "rollbacks", "duration p50 / p95"],
            report.Runs.Select(r => new[]
            {
                r.Runbook, r.Platform, Num(r.Runs), ReportText.Rate(r.Succeeded, r.Runs), ReportText.Rate(r.Failed, r.Runs), ReportText.Rate(r.TimedOut, r.Runs),
                ReportText.Rate(r.Interrupted, r.Runs), ReportText.Rate(r.Regressions, r.Runs), ReportText.Count(r.Rollbacks), ReportText.Stat(r.Duration),
            }));
        Section(writer, "Lock refusals (contention) per device", ["device", "refusals"], report.LockRefusals.Select(l => new[] { l.Key, Num(l.Count) }));
        Section(writer, "Incidents", ["incident", "summary", "exported", "ticket"],
            report.Incidents.Select(i => new[] { i.Id, IncidentLine(i), ReportText.Flag(i.Exported), ReportText.Flag(i.Ticketed) }));
    }

    public static string IncidentLine(IncidentRow i) =>
        $"{(i.Title.Length == 0 ? "(untitled)" : i.Title)}, sev {i.Severity}, opened {ReportText.Time(i.OpenedAt)}"
        + (i.ClosedAt is null ? ", still open" : $", resolved in {ReportText.Duration(i.ToResolution)}")
        + $"; {i.Requests} requests, {i.Refusals} refusals; first read-only step {ReportText.Duration(i.ToFirstReadOnly)}, first approved change {ReportText.Duration(i.ToFirstChange)}"
        + $" (from {i.Origin})";

    private static void Section(TextWriter writer, string title, string[] header, IEnumerable<string[]> rows)
    {
        writer.WriteLine();
        writer.WriteLine($"## {title}");
        writer.WriteLine();
        var any = false;
        foreach (var row in rows)
        {
            if (!any)
            {
                writer.WriteLine("| " + string.Join(" | ", header) + " |");
                writer.WriteLine("|" + string.Concat(header.Select(_ => "---|")));
                any = true;
            }

            writer.WriteLine("| " + string.Join(" | ", row.Select(Escape)) + " |");
        }

        if (!any)
        {
            writer.WriteLine("None in this window.");
        }
    }

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string value) => value.Replace("|", "\\|", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Replace("\r", " ", StringComparison.Ordinal);
}
