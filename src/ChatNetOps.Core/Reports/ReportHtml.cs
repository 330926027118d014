namespace ChatNetOps.Core.Reports;

using System.Globalization;
using System.Net;

/// <summary>
/// The report as one self-contained page: inline CSS, server-rendered SVG charts, no scripts and a Content Security
/// Policy that forbids every external load. SVGs scale to the width (a 600-unit view box), tables scroll sideways on a
/// phone.
/// </summary>
public static class ReportHtml
{
    private const int ChartWidth = 600;
    private const int LabelWidth = 190;
    private const int BarHeight = 18;
    private const int RowGap = 8;

    private const string Css = """
        :root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:15px;line-height:1.45;color:#1f2328}
        body{margin:0;background:#f6f8fa}
        main{max-width:1100px;margin:0 auto;padding:16px}
        h1{font-size:1.5rem;margin:.2rem 0 .6rem}
        h2{font-size:1.15rem;margin:1.6rem 0 .5rem}
        .verdict{padding:12px 14px;border-radius:8px;font-weight:600;margin-bottom:10px}
        .ok{background:#dafbe1;border:1px solid #4ac26b}
        .bad{background:#ffebe9;border:1px solid #ff8182}
        .meta{color:#57606a}
        .nodata{background:#fff8c5;border:1px solid #d4a72c;border-radius:8px;padding:8px 14px;margin:10px 0}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:14px}
        .card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px 14px}
        .card h3{margin:0 0 6px;font-size:1rem}
        .scroll{overflow-x:auto;background:#fff;border:1px solid #d0d7de;border-radius:8px}
        table{border-collapse:collapse;width:100%;font-size:.9rem}
        th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #eaeef2;white-space:nowrap}
        td.wrap{white-space:normal;min-width:16rem}
        th{background:#f6f8fa;font-weight:600}
        svg{width:100%;height:auto;display:block}
        svg text{font-family:inherit;font-size:13px;fill:#1f2328}
        .s{fill:#2da44e;background:#2da44e}.f{fill:#cf222e;background:#cf222e}.t{fill:#bf8700;background:#bf8700}.i{fill:#8c959f;background:#8c959f}.p50{fill:#0969da;background:#0969da}.p95{fill:#80ccff;background:#80ccff}.r{fill:#8250df;background:#8250df}
        .legend span{display:inline-block;margin-right:12px;font-size:.85rem}
        .legend i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
        """;

    public static void Write(OperationsReport report, TextWriter w)
    {
        w.WriteLine("<!doctype html>");
        w.WriteLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        w.WriteLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        w.WriteLine("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
        w.WriteLine($"<title>ChatNetOps report {E(ReportText.Window(report.Query))}</title>");
        w.WriteLine($"<style>{Css}</style></head><body><main>");
        w.WriteLine("<h1>ChatNetOps report</h1>");
        w.WriteLine($"<div class=\"verdict {(report.Chain.Intact ? "ok" : "bad")}\" id=\"verdict\">{E(report.Chain.Describe())}. Built only from verified audit events.</div>");
        w.WriteLine($"<p class=\"meta\">{E(ReportText.Window(report.Query))} · generated {E(ReportText.Time(report.GeneratedAt))}<br>{E(ReportText.Summary(report))}</p>");
        if (report.NoData.Count > 0)
        {
            w.WriteLine("<div class=\"nodata\"><strong>No data</strong><ul>");
            foreach (var missing in report.NoData)
            {
                w.WriteLine($"<li>{E(missing)}</li>");
            }

            w.WriteLine("</ul></div>");
        }

        w.WriteLine("<div class=\"grid\">");
        Card(w, "Refusals by reason", Bars(
            report.Refusals.GroupBy(r => r.Reason).Select(g => (g.Key, new[] { (g.Sum(r => r.Count), "r") })).OrderByDescending(b => b.Item2[0].Item1).Take(12),
            v => v.ToString(CultureInfo.InvariantCulture)));
        Card(w, "Runs by runbook", Bars(
            report.Runs.GroupBy(r => r.Runbook).Select(g => (g.Key, new[] { (g.Sum(r => r.Succeeded), "s"), (g.Sum(r => r.Failed), "f"), (g.Sum(r => r.TimedOut), "t"), (g.Sum(r => r.Interrupted), "i") }))
                .OrderByDescending(b => b.Item2.Sum(s => s.Item1)).Take(12),
            v => v.ToString(CultureInfo.InvariantCulture)),
            Legend(("s", "succeeded"), ("f", "failed"), ("t", "timed out"), ("i", "interrupted")));
        Card(w, "Approval latency by runbook", Bars(
            report.Approvals.GroupBy(a => a.Runbook).Select(g => (g.Key, new[]
            {
                ((long)(g.Max(a => a.Latency.P50)?.TotalMilliseconds ?? 0), "p50"),
                ((long)(g.Max(a => a.Latency.P95)?.TotalMilliseconds ?? 0), "p95"),
            })).Take(12),
            v => ReportText.Duration(TimeSpan.FromMilliseconds(v)), paired: true),
            Legend(("p50", "p50"), ("p95", "p95")));
        Card(w, "Incident timings", Bars(
            report.IncidentTimings.Where(m => m.Stat is { Count: > 0 }).Select(m => (m.Milestone, new[]
            {
                ((long)(m.Stat!.P50?.TotalMilliseconds ?? 0), "p50"),
                ((long)(m.Stat.P95?.TotalMilliseconds ?? 0), "p95"),
            })),
            v => ReportText.Duration(TimeSpan.FromMilliseconds(v)), paired: true),
            Legend(("p50", "p50"), ("p95", "p95")));
        w.WriteLine("</div>");

        Table(w, "Refusals by reason, runbook, role and channel kind", ["reason", "runbook", "role", "channel kind", "count"],
            report.Refusals.Select(r => new[] { r.Reason, r.Runbook, r.Role, r.ChannelKind, N(r.Count) }));
        Table(w, "Phrases not understood", ["phrase", "count"], report.NotUnderstood.Select(p => new[] { p.Phrase, N(p.Count) }), wrapFirst: true);
        Table(w, "Approval latency (requested → decided)", ["runbook", "approver role", "approved", "rejected", "p50 / p95"],
            report.Approvals.Select(a => new[] { a.Runbook, a.ApproverRole, N(a.Approved), N(a.Rejected), ReportText.Stat(a.Latency) }));
        w.WriteLine($"<p>Self-approval attempts: <strong>{N(report.SelfApprovalAttempts)}</strong></p>");
        Table(w, "Expired unapproved requests", ["runbook", "expired"], report.ExpiredUnapproved.Select(e => new[] { e.Key, N(e.Count) }));
        Table(w, "Incident timings (p50 / p95 over incidents)", ["milestone", "incidents", "p50 / p95"],
            report.IncidentTimings.Select(m => new[] { m.Milestone, m.Stat is null ? ReportText.NoData : N(m.Stat.Count), ReportText.Stat(m.Stat) }));
        Table(w, "Runs per runbook and platform", ["runbook", "platform", "runs", "success", "failure", "timeout", "interrupted", "regression", "rollbacks", "duration p50 / p95"],
            report.Runs.Select(r => new[]
            {
                r.Runbook, r.Platform, N(r.Runs), ReportText.Rate(r.Succeeded, r.Runs), ReportText.Rate(r.Failed, r.Runs), ReportText.Rate(r.TimedOut, r.Runs),
                ReportText.Rate(r.Interrupted, r.Runs), ReportText.Rate(r.Regressions, r.Runs), ReportText.Count(r.Rollbacks), ReportText.Stat(r.Duration),
            }));
        Table(w, "Lock refusals (contention) per device", ["device", "refusals"], report.LockRefusals.Select(l => new[] { l.Key, N(l.Count) }));
        Table(w, "Incidents", ["summary", "incident", "exported", "ticket"],
            report.Incidents.Select(i => new[] { ReportMarkdown.IncidentLine(i), i.Id, ReportText.Flag(i.Exported), ReportText.Flag(i.Ticketed) }), wrapFirst: true);
        w.WriteLine("</main></body></html>");
    }

    private static void Card(TextWriter w, string title, string chart, string legend = "")
    {
        w.WriteLine($"<section class=\"card\"><h3>{E(title)}</h3>{legend}{chart}</section>");
    }

    private static string Legend(params (string Css, string Label)[] items) =>
        "<div class=\"legend\">" + string.Concat(items.Select(i => $"<span><i class=\"{i.Css}\"></i>{E(i.Label)}</span>")) + "</div>";

    /// <summary>Horizontal bars: stacked segments, or (paired) one thin bar per segment under each other.</summary>
    private static string Bars(IEnumerable<(string Label, (long Value, string Css)[] Segments)> rows, Func<long, string> format, bool paired = false)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            return "<p class=\"meta\">None in this window.</p>";
        }

        var max = Math.Max(1, list.Max(r => paired ? r.Segments.Max(s => s.Value) : r.Segments.Sum(s => s.Value)));
        var plot = ChartWidth - LabelWidth - 70;
        var rowHeight = paired ? (BarHeight / 2 * list[0].Segments.Length) + RowGap : BarHeight + RowGap;
        var height = (list.Count * rowHeight) + RowGap;
        var svg = new System.Text.StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg viewBox=\"0 0 {ChartWidth} {height}\" role=\"img\">");
        for (var index = 0; index < list.Count; index++)
        {
            var (label, segments) = list[index];
            var y = RowGap + (index * rowHeight);
            var shown = label.Length > 26 ? label[..25] + "…" : label;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 8}\" y=\"{y + 13}\" text-anchor=\"end\">{E(shown)}<title>{E(label)}</title></text>");
            double x = LabelWidth;
            var total = 0L;
            for (var s = 0; s < segments.Length; s++)
            {
                var (value, css) = segments[s];
                var width = plot * (double)value / max;
                var barY = paired ? y + (s * BarHeight / 2) : y;
                var barH = paired ? (BarHeight / 2) - 1 : BarHeight;
                if (width > 0)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"{css}\" x=\"{(paired ? LabelWidth : x):0.#}\" y=\"{barY}\" width=\"{width:0.#}\" height=\"{barH}\"><title>{E(format(value))}</title></rect>");
                }

                x += paired ? 0 : width;
                total = paired ? Math.Max(total, value) : total + value;
            }

            var end = paired ? LabelWidth + (plot * (double)total / max) : x;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{end + 6:0.#}\" y=\"{y + 13}\">{E(format(total))}</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Table(TextWriter w, string title, string[] header, IEnumerable<string[]> rows, bool wrapFirst = false)
    {
        w.WriteLine($"<h2>{E(title)}</h2>");
        var any = false;
        foreach (var row in rows)
        {
            if (!any)
            {
                w.Write("<div class=\"scroll\"><table><thead><tr>");
                foreach (var h in header)
                {
                    w.Write($"<th>{E(h)}</th>");
                }

                w.WriteLine("</tr></thead><tbody>");
                any = true;
            }

            w.Write("<tr>");
            for (var i = 0; i < row.Length; i++)
            {
                w.Write(i == 0 && wrapFirst ? $"<td class=\"wrap\">{E(row[i])}</td>" : $"<td>{E(row[i])}</td>");
            }

            w.WriteLine("</tr>");
        }

        w.WriteLine(any ? "</tbody></table></div>" : "<p class=\"meta\">None in this window.</p>");
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string E(string value) => WebUtility.HtmlEncode(value);
}
