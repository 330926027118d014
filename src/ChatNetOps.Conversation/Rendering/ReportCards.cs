namespace ChatNetOps.Conversation.Rendering;

using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Reports;
using static ChatNetOps.Conversation.Rendering.CardData;

/// <summary>The answer to <c>report [7d|30d]</c>: report-summary (data contract: cards/README.md) and the html report as a file.</summary>
internal sealed class ReportCards(CardTemplates templates)
{
    /// <summary>Refusal rows shown on the card; the full report lists them all.</summary>
    public const int TopRefusals = 5;

    public OutboundMessage Summary(OperationsReport report, int days, ChatPlatform platform)
    {
        ArgumentNullException.ThrowIfNull(report);
        var period = days == 1 ? "last day" : string.Create(CultureInfo.InvariantCulture, $"last {days} days");
        if (platform == ChatPlatform.Console)
        {
            // The console has no cards worth the name and no files: it prints the markdown report.
            return OutboundMessage.Plain(ReportWriter.ToText(report, ReportFormat.Md));
        }

        var chain = report.Chain.Describe();
        var fullReport = platform == ChatPlatform.Slack
            ? "The full report (html, with charts) is attached as a file below."
            : string.Create(CultureInfo.InvariantCulture,
                $"Teams takes a file from a bot only through a OneDrive or SharePoint upload, which ChatNetOps does not do; get the full report (html, with charts) on the bot host: chatnetops report --since {days}d --format html --out report.html");
        var data = new JsonObject
        {
            ["period"] = period,
            ["window"] = ReportText.Window(report.Query),
            ["auditChain"] = new JsonObject
            {
                ["intact"] = report.Chain.Intact,
                ["summary"] = Cut(char.ToUpperInvariant(chain[0]) + chain[1..] + ". Only verified events are counted.", 1500),
            },
            ["figures"] = new JsonArray([.. Figures(report).Select(f => (JsonNode?)new JsonObject { ["title"] = f.Title, ["value"] = f.Value })]),
            ["topRefusals"] = new JsonArray([.. report.Refusals.Take(TopRefusals).Select(r => (JsonNode?)new JsonObject
            {
                ["count"] = r.Count.ToString(CultureInfo.InvariantCulture),
                ["reason"] = Cut(r.Reason, 80),
                ["runbook"] = Cut(r.Runbook, 80),
                ["role"] = Cut(r.Role, 80),
                ["channelKind"] = r.ChannelKind,
            })]),
            ["fullReport"] = fullReport,
        };
        var message = templates.CardMessage(CardNames.ReportSummary, data, $"Operations report, {period}: {ReportText.Summary(report)}. {chain}.");
        return platform == ChatPlatform.Slack
            ? message with { File = Html(report, days) }
            : message;
    }

    public static OutboundFile Html(OperationsReport report, int days)
    {
        ArgumentNullException.ThrowIfNull(report);
        var name = string.Create(CultureInfo.InvariantCulture, $"chatnetops-report-{report.Query.Until.UtcDateTime:yyyy-MM-dd}-{days}d.html");
        var html = Encoding.UTF8.GetBytes(ReportWriter.ToText(report, ReportFormat.Html));
        return new OutboundFile(name, string.Create(CultureInfo.InvariantCulture, $"ChatNetOps operations report, last {days} days"), "text/html", html);
    }

    private static IEnumerable<(string Title, string Value)> Figures(OperationsReport report)
    {
        var runs = report.TotalRuns;
        yield return ("Runs", string.Create(CultureInfo.InvariantCulture,
            $"{runs} ({ReportText.Rate(report.Runs.Sum(r => r.Succeeded), runs)} succeeded, {report.Runs.Sum(r => r.Failed)} failed, {report.Runs.Sum(r => r.TimedOut)} timed out)"));
        yield return ("Refusals", report.TotalRefusals.ToString(CultureInfo.InvariantCulture));
        var decided = report.Approvals.Sum(a => a.Approved + a.Rejected);
        var slowest = report.Approvals.Where(a => a.Latency.P95 is not null).MaxBy(a => a.Latency.P95);
        yield return ("Approvals", string.Create(CultureInfo.InvariantCulture,
            $"{decided} decided, {report.ExpiredUnapproved.Sum(e => e.Count)} expired unapproved")
            + (slowest is null ? string.Empty : $"; longest p95 wait {ReportText.Duration(slowest.Latency.P95)} ({Cut(slowest.Runbook, 80)})"));
        yield return ("Self-approval attempts", report.SelfApprovalAttempts.ToString(CultureInfo.InvariantCulture));
        yield return ("Incidents", report.Incidents.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var milestone in report.IncidentTimings.Where(m => m.Stat is { Count: > 0 }))
        {
            yield return ("Incident " + milestone.Milestone + " (p50 / p95)", ReportText.Stat(milestone.Stat));
        }

        yield return ("Lock refusals", report.LockRefusals.Sum(l => l.Count).ToString(CultureInfo.InvariantCulture));
    }
}
