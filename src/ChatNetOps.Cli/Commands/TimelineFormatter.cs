namespace ChatNetOps.Cli.Commands;

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Requests;

/// <summary>Renders an <see cref="IncidentTimeline"/> as Markdown for people or JSON for tools.</summary>
internal static class TimelineFormatter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string ToMarkdown(IncidentTimeline t)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# {t.IncidentId}{(t.Incident is null ? string.Empty : " — " + t.Incident.Title)}");
        md.AppendLine();
        if (t.Incident is { } i)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- Severity: {i.Severity}");
            md.AppendLine(CultureInfo.InvariantCulture, $"- State: {i.State}");
            md.AppendLine(CultureInfo.InvariantCulture, $"- Opened: {Time(i.OpenedAt)} by {i.OpenedBy}");
            if (i.ClosedAt is { } closed)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- Closed: {Time(closed)} by {i.ClosedBy}");
            }

            foreach (var c in i.Conversations)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- Channel: {c.Platform} {c.ConversationId}{(c.Link is null ? string.Empty : " " + c.Link)}");
            }
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"- Audit chain: {(t.Chain.IsIntact ? $"intact ({t.Chain.Events} events)" : $"BROKEN at {t.Chain.FirstBroken?.Id}: {t.Chain.Problem}")}");
        md.AppendLine();
        md.AppendLine("## Requests");
        md.AppendLine();
        md.AppendLine("| Request | Runbook | Targets | Requested by | Approved by | Status | RC | Output SHA-256 |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in t.Requests)
        {
            var approver = r.Decision is { Approved: true } d ? d.By.ToString() : r.Decision is { } rej ? $"rejected by {rej.By}" : "—";
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Id} | {r.Runbook} | {string.Join(", ", r.Targets)} | {r.Requester} | {approver} | {r.Status} | {r.Result?.ReturnCode.ToString(CultureInfo.InvariantCulture) ?? "—"} | {(r.Result is null ? "—" : "`" + r.Result.OutputSha256 + "`")} |");
        }

        md.AppendLine();
        md.AppendLine("## Timeline");
        md.AppendLine();
        foreach (var e in t.Events)
        {
            md.Append(CultureInfo.InvariantCulture, $"{e.Sequence}. {Time(e.Timestamp)} **{e.Kind}** by {e.Actor}");
            if (e.RequestId is not null)
            {
                md.Append(CultureInfo.InvariantCulture, $" — {e.RequestId}");
            }

            if (e.Runbook is not null)
            {
                md.Append(CultureInfo.InvariantCulture, $" {e.Runbook}");
            }

            if (e.Device is not null)
            {
                md.Append(CultureInfo.InvariantCulture, $" on {e.Device}");
            }

            var facts = e.Details.Where(p => p.Key is "returnCode" or "outputSha256" or "reason" or "message" or "error" or "durationMs" or "heldBy" or "verdict" or "summary")
                .Select(p => $"{p.Key}={p.Value}");
            var text = string.Join(", ", facts);
            if (text.Length > 0)
            {
                md.Append(CultureInfo.InvariantCulture, $" ({text})");
            }

            if (e.MessageLink is not null)
            {
                md.Append(CultureInfo.InvariantCulture, $" [message]({e.MessageLink})");
            }

            md.AppendLine();
        }

        return md.ToString();
    }

    public static string ToJson(IncidentTimeline t)
    {
        var root = new JsonObject
        {
            ["incident"] = t.IncidentId,
            ["title"] = t.Incident?.Title,
            ["severity"] = t.Incident?.Severity,
            ["state"] = t.Incident?.State.ToString(),
            ["chain"] = new JsonObject
            {
                ["intact"] = t.Chain.IsIntact,
                ["events"] = t.Chain.Events,
                ["firstBroken"] = t.Chain.FirstBroken?.Id,
                ["problem"] = t.Chain.Problem,
            },
            ["requests"] = new JsonArray([.. t.Requests.Select(Request)]),
            ["events"] = new JsonArray([.. t.Events.Select(Event)]),
        };
        return root.ToJsonString(Indented) + Environment.NewLine;
    }

    private static JsonObject Request(RunRequest r) => new()
    {
        ["id"] = r.Id,
        ["runbook"] = r.Runbook,
        ["runbookVersion"] = r.RunbookVersion,
        ["mode"] = r.Mode.ToString(),
        ["targets"] = new JsonArray([.. r.Targets.Select(x => (JsonNode?)x)]),
        ["inputs"] = new JsonObject(r.Inputs.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        ["requestedBy"] = r.Requester.ToString(),
        ["requestedAt"] = r.CreatedAt,
        ["decision"] = r.Decision is null ? null : new JsonObject
        {
            ["approved"] = r.Decision.Approved,
            ["by"] = r.Decision.By.ToString(),
            ["at"] = r.Decision.At,
            ["reason"] = r.Decision.Reason,
            ["approvalHash"] = r.Decision.ApprovalHash,
        },
        ["status"] = r.Status.ToString(),
        ["statusReason"] = r.StatusReason,
        ["result"] = r.Result is null ? null : new JsonObject
        {
            ["status"] = r.Result.Status.ToString(),
            ["returnCode"] = r.Result.ReturnCode,
            ["outputSha256"] = r.Result.OutputSha256,
            ["startedAt"] = r.Result.StartedAt,
            ["finishedAt"] = r.Result.FinishedAt,
            ["devices"] = new JsonArray([.. r.Result.Devices.Select(d => (JsonNode)new JsonObject
            {
                ["device"] = d.Device,
                ["status"] = d.Status.ToString(),
                ["returnCode"] = d.ReturnCode,
                ["outputSha256"] = d.OutputSha256,
                ["outputBytes"] = d.OutputBytes,
                ["durationMs"] = (long)d.Duration.TotalMilliseconds,
                ["error"] = d.Error,
                ["verdict"] = d.Parsed?.Verdict.ToString().ToLowerInvariant(),
                ["summary"] = d.Parsed?.Summary,
                ["rows"] = d.Parsed is null ? null : new JsonArray([.. d.Parsed.Rows.Select(row => (JsonNode)new JsonObject(
                    row.Values.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)v.Value)).Prepend(KeyValuePair.Create("verdict", (JsonNode?)row.Verdict.ToString().ToLowerInvariant()))))]),
            })]),
        },
        ["messageLink"] = r.Origin.Link,
    };

    private static JsonObject Event(AuditEvent e) => new()
    {
        ["id"] = e.Id,
        ["sequence"] = e.Sequence,
        ["timestamp"] = e.Timestamp,
        ["kind"] = e.Kind.ToString(),
        ["actor"] = e.Actor.ToString(),
        ["requestId"] = e.RequestId,
        ["runbook"] = e.Runbook,
        ["device"] = e.Device,
        ["messageLink"] = e.MessageLink,
        ["details"] = new JsonObject(e.Details.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        ["previousHash"] = e.PreviousHash,
        ["hash"] = e.Hash,
    };

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
