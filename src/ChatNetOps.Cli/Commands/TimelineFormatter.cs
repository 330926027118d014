namespace ChatNetOps.Cli.Commands;

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Incidents;

/// <summary>
/// Renders an <see cref="IncidentTimeline"/> as Markdown for people or JSON for tools. Everything shown as fact comes from
/// the verified chain events; the stored rows appear only where they disagree with them.
/// </summary>
internal static class TimelineFormatter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string ToMarkdown(IncidentTimeline t, string checkpointSource)
    {
        var md = new StringBuilder();
        var record = t.Record;
        md.AppendLine(CultureInfo.InvariantCulture, $"# {t.IncidentId}{(record?.Title is { } title ? " — " + title : string.Empty)}");
        md.AppendLine();
        if (record is not null)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- Severity: {record.Severity?.ToString(CultureInfo.InvariantCulture) ?? "—"}");
            md.AppendLine(CultureInfo.InvariantCulture, $"- State: {record.State}");
            md.AppendLine(CultureInfo.InvariantCulture, $"- Opened: {Time(record.OpenedAt)} by {record.OpenedBy}");
            if (record.ClosedAt is not null)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- Closed: {Time(record.ClosedAt)} by {record.ClosedBy}");
            }

            if (record.Resolution is { } resolution)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- Resolution: {resolution}");
            }

            foreach (var c in record.Conversations)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- Channel: {c}");
            }
        }
        else
        {
            md.AppendLine("- Opened: the chain records no IncidentOpened (declared by a policy binding, or not opened)");
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"- Audit chain: {t.Verdict}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Checkpoints: {Checkpoints(t, checkpointSource)}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Built from the chain's {t.Events.Count} verified event(s) alone; stored rows and outputs are compared with them, not trusted.");
        md.AppendLine();

        md.AppendLine("## Requests");
        md.AppendLine();
        md.AppendLine("| Request | Runbook | Targets | Requested by | Approved by | Status | RC | Output SHA-256 |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in t.Runs)
        {
            var decision = r.Approved switch
            {
                true => r.DecidedBy?.ToString() ?? "—",
                false => $"rejected by {r.DecidedBy}",
                null => "—",
            };
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Id} | {r.Runbook} | {string.Join(", ", r.Targets)} | {r.RequestedBy?.ToString() ?? "—"} | {decision} | {r.Status?.ToString() ?? "—"} | {r.ReturnCode?.ToString(CultureInfo.InvariantCulture) ?? "—"} | {(r.OutputSha256 is null ? "—" : "`" + r.OutputSha256 + "`")} |");
        }

        var inWindows = t.Runs.Where(r => r.ChangeWindow is not null).ToArray();
        if (inWindows.Length > 0)
        {
            md.AppendLine();
            md.AppendLine("## Change windows");
            md.AppendLine();
            foreach (var r in inWindows)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {r.Id} ({r.Runbook}) {InWindow(r)}");
            }
        }

        if (t.Runs.Any(r => r.Checks.Count > 0 || r.RollbackOf is not null || r.RolledBackBy is not null))
        {
            md.AppendLine();
            md.AppendLine("## Before and after");
            md.AppendLine();
            md.AppendLine("| Request | Check | Runbook | Device | Held | Key rows | Output SHA-256 |");
            md.AppendLine("|---|---|---|---|---|---|---|");
            foreach (var r in t.Runs)
            {
                foreach (var c in r.Checks)
                {
                    md.AppendLine(CultureInfo.InvariantCulture,
                        $"| {r.Id} | {c.Phase} | {c.Runbook ?? "—"} | {c.Device ?? "—"} | {(c.Passed ? "yes" : "no")}: {Cell(c.Summary)} | {Cell(c.Rows)} | {(c.OutputSha256 is { Length: > 0 } sha ? "`" + sha + "`" : "—")} |");
                }
            }

            foreach (var r in t.Runs.Where(r => r.RollbackOf is not null || r.RolledBackBy is not null))
            {
                md.AppendLine();
                md.AppendLine(r.RollbackOf is not null ? $"- {r.Id} ({r.Runbook}): {Rollback(r, t.Runs)}." : $"- {r.Id} was rolled back by {r.RolledBackBy}.");
            }
        }

        if (t.Outputs.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Outputs");
            md.AppendLine();
            md.AppendLine("| Request | Device | Output SHA-256 (chain) | Stored output |");
            md.AppendLine("|---|---|---|---|");
            foreach (var o in t.Outputs)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {o.RequestId} | {o.Device} | {(o.ChainSha256 is null ? "—" : "`" + o.ChainSha256 + "`")} | {o.Verdict} |");
            }
        }

        md.AppendLine();
        md.AppendLine("## Stored rows that disagree with the chain");
        md.AppendLine();
        if (t.Discrepancies.Count == 0)
        {
            md.AppendLine("None: every incidents and requests row agrees with the chain.");
        }

        foreach (var d in t.Discrepancies)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- DISAGREES: {d}");
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
                md.Append(CultureInfo.InvariantCulture, $"{(e.RequestId is null ? " — " : " ")}{e.Runbook}");
            }

            if (e.Device is not null)
            {
                md.Append(CultureInfo.InvariantCulture, $" on {e.Device}");
            }

            // A severity decision's change (from, to) and an alert's rule say what the event was about.
            var facts = e.Details.Where(p => p.Key is "returnCode" or "outputSha256" or "reason" or "message" or "error" or "durationMs" or "heldBy" or "verdict" or "summary" or "from" or "to" or "rule")
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

            if (t.Chain.AnchoredThrough > 0 && e.Sequence == t.Chain.AnchoredThrough)
            {
                md.Append(" — anchored up to here");
            }

            md.AppendLine();
        }

        if (t.Unverified > 0)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"{t.Unverified} stored event(s) after the break are left out: they cannot be verified.");
        }

        return md.ToString();
    }

    public static string ToJson(IncidentTimeline t, string checkpointSource)
    {
        var record = t.Record;
        var root = new JsonObject
        {
            ["incident"] = t.IncidentId,
            ["title"] = record?.Title,
            ["severity"] = record?.Severity,
            ["state"] = record?.State.ToString(),
            ["resolution"] = record?.Resolution,
            ["openedBy"] = record?.OpenedBy?.ToString(),
            ["openedAt"] = record?.OpenedAt,
            ["closedBy"] = record?.ClosedBy?.ToString(),
            ["closedAt"] = record?.ClosedAt,
            ["conversations"] = new JsonArray([.. (record?.Conversations ?? []).Select(c => (JsonNode?)c)]),
            ["verdict"] = t.Verdict,
            ["consistent"] = t.IsConsistent,
            ["chain"] = new JsonObject
            {
                ["intact"] = t.Chain.IsIntact,
                ["events"] = t.Chain.Events,
                ["firstBroken"] = t.Chain.FirstBroken?.Id,
                ["problem"] = t.Chain.Problem,
                ["anchoredThrough"] = t.Chain.AnchoredThrough,
                ["notYetAnchored"] = t.Chain.NotYetAnchored,
                ["unverifiedEventsLeftOut"] = t.Unverified,
            },
            ["checkpoints"] = new JsonObject
            {
                ["source"] = checkpointSource,
                ["latest"] = t.Checkpoints?.Latest?.Sequence,
                ["latestAt"] = t.Checkpoints?.Latest?.Timestamp,
                ["keyId"] = t.Checkpoints?.Latest?.KeyId,
                ["problems"] = new JsonArray([.. (t.Checkpoints?.Problems ?? []).Select(p => (JsonNode?)p.ToString())]),
            },
            ["requests"] = new JsonArray([.. t.Runs.Select(r => Request(r, t.Runs))]),
            ["outputs"] = new JsonArray([.. t.Outputs.Select(o => (JsonNode)new JsonObject
            {
                ["request"] = o.RequestId,
                ["device"] = o.Device,
                ["chainSha256"] = o.ChainSha256,
                ["storedSha256"] = o.StoredSha256,
                ["matches"] = o.Matches,
                ["textVerified"] = o.TextVerified,
                ["chainTextSha256"] = o.ChainTextSha256,
                ["storedTextSha256"] = o.StoredTextSha256,
                ["textMatches"] = o.TextMatches,
                ["verdict"] = o.Verdict,
            })]),
            ["discrepancies"] = new JsonArray([.. t.Discrepancies.Select(d => (JsonNode)new JsonObject
            {
                ["subject"] = d.Subject,
                ["field"] = d.Field,
                ["stored"] = d.Stored,
                ["chain"] = d.Chain,
                ["text"] = d.ToString(),
            })]),
            ["events"] = new JsonArray([.. t.Events.Select(Event)]),
        };
        return root.ToJsonString(Indented) + Environment.NewLine;
    }

    /// <summary>What a request made in a change window did there: only a request that ran says "ran".</summary>
    private static string InWindow(RequestRecord r)
    {
        var approval = r.DecisionKind == "ChangeWindowAcknowledgement"
            ? $"a standard change, approved by the window's acknowledgement ({r.DecidedBy})"
            : r.Approved == true ? "approved per run" : null;
        return r.Ran
            ? $"ran in change window {r.ChangeWindow}: {approval ?? "approved per run"}, {Outcome(r)}"
            : $"was requested in change window {r.ChangeWindow} and has not run: {(approval is null ? string.Empty : approval + ", ")}{Outcome(r)}";
    }

    /// <summary>A rollback request as the chain tells it: asked, confirmed (or not), and what its run did to the change.</summary>
    private static string Rollback(RequestRecord r, IReadOnlyList<RequestRecord> runs)
    {
        var asked = $"rollback of {r.RollbackOf} requested by {r.RequestedBy?.ToString() ?? "(the chain names no requester)"}";
        var decided = r.Approved switch
        {
            true => $", confirmed by {r.DecidedBy}",
            false => string.Empty,
            null => ", not confirmed",
        };
        var effect = RolledBack(r, runs) ? $"{r.RollbackOf} was rolled back" : $"{r.RollbackOf} was not rolled back";
        return $"{asked}{decided}; {Outcome(r)}: {effect}";
    }

    /// <summary>Whether the chain records the rolled-back change's RolledBack event naming this rollback.</summary>
    private static bool RolledBack(RequestRecord r, IReadOnlyList<RequestRecord> runs) =>
        runs.Any(o => string.Equals(o.Id, r.RollbackOf, StringComparison.Ordinal) && string.Equals(o.RolledBackBy, r.Id, StringComparison.Ordinal));

    /// <summary>The request's last recorded state in words, with its return code once it ran.</summary>
    private static string Outcome(RequestRecord r)
    {
        var rc = r.ReturnCode is { } code ? string.Create(CultureInfo.InvariantCulture, $" (rc {code})") : string.Empty;
        return r.Status switch
        {
            null => "no status recorded",
            Core.Requests.RequestStatus.Requested => "requested, not yet decided",
            Core.Requests.RequestStatus.AwaitingApproval => "awaiting approval",
            Core.Requests.RequestStatus.Queued => "queued, not started",
            Core.Requests.RequestStatus.Running => "running",
            Core.Requests.RequestStatus.Succeeded => "succeeded" + rc,
            Core.Requests.RequestStatus.Failed => "failed" + rc,
            Core.Requests.RequestStatus.TimedOut => "timed out" + rc,
            Core.Requests.RequestStatus.Interrupted => "interrupted",
            Core.Requests.RequestStatus.Rejected => $"rejected by {r.DecidedBy}",
            Core.Requests.RequestStatus.Expired => "expired",
            Core.Requests.RequestStatus.Cancelled => "cancelled",
            Core.Requests.RequestStatus.Denied => r.NeverStored ? "refused: the device was locked by another request" : "refused",
            _ => r.Status.Value.ToString(),
        };
    }

    private static string Checkpoints(IncidentTimeline t, string source)
    {
        var state = t.Checkpoints;
        if (state?.Latest is not { } latest)
        {
            return $"none verified in {source}";
        }

        var problems = state.Problems.Count == 0 ? string.Empty : $"; {state.Problems.Count} record(s) do not verify (see 'chatnetops audit verify')";
        return $"latest #{latest.Sequence} at {Time(latest.Timestamp)} (key {latest.KeyId}) in {source}{problems}";
    }

    private static JsonObject Request(RequestRecord r, IReadOnlyList<RequestRecord> runs)
    {
        var request = RequestFields(r);
        request["ran"] = r.Ran;
        if (r.NeverStored)
        {
            request["neverStored"] = true;
        }

        if (r.ChangeWindow is not null)
        {
            request["changeWindow"] = r.ChangeWindow;
            request["changeWindowSummary"] = InWindow(r);
        }

        if (r.RollbackOf is not null)
        {
            request["rollback"] = new JsonObject
            {
                ["of"] = r.RollbackOf,
                ["rolledBack"] = RolledBack(r, runs),
                ["outcome"] = Rollback(r, runs),
            };
        }

        if (r.DecisionKind is not null && request["decision"] is JsonObject decision)
        {
            decision["kind"] = r.DecisionKind;
        }

        return request;
    }

    private static JsonObject RequestFields(RequestRecord r) => new()
    {
        ["id"] = r.Id,
        ["runbook"] = r.Runbook,
        ["runbookVersion"] = r.RunbookVersion,
        ["mode"] = r.Mode,
        ["targets"] = new JsonArray([.. r.Targets.Select(x => (JsonNode?)x)]),
        ["inputs"] = new JsonObject(r.Inputs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        ["requestedBy"] = r.RequestedBy?.ToString(),
        ["requestedAt"] = r.RequestedAt,
        ["approvalHash"] = r.ApprovalHash,
        ["decision"] = r.Approved is null ? null : new JsonObject
        {
            ["approved"] = r.Approved,
            ["by"] = r.DecidedBy?.ToString(),
            ["at"] = r.DecidedAt,
            ["reason"] = r.DecisionReason,
        },
        ["status"] = r.Status?.ToString(),
        ["returnCode"] = r.ReturnCode,
        ["outputSha256"] = r.OutputSha256,
        ["devices"] = new JsonArray([.. r.Devices.Select(d => (JsonNode)new JsonObject
        {
            ["device"] = d.Device,
            ["status"] = d.Kind.ToString(),
            ["returnCode"] = d.ReturnCode,
            ["outputSha256"] = d.OutputSha256,
            ["storedOutputSha256"] = d.StoredOutputSha256,
            ["outputBytes"] = d.OutputBytes,
            ["durationMs"] = d.DurationMs,
            ["error"] = d.Error,
            ["verdict"] = d.Verdict,
            ["summary"] = d.Summary,
        })]),
        ["checks"] = new JsonArray([.. r.Checks.Select(c => (JsonNode)new JsonObject
        {
            ["phase"] = c.Phase,
            ["runbook"] = c.Runbook,
            ["device"] = c.Device,
            ["passed"] = c.Passed,
            ["summary"] = c.Summary,
            ["rows"] = c.Rows,
            ["attempts"] = c.Attempts,
            ["outputSha256"] = c.OutputSha256,
            ["event"] = c.Sequence,
        })]),
        ["rollbackOf"] = r.RollbackOf,
        ["rolledBackBy"] = r.RolledBackBy,
        ["messageLink"] = r.MessageLink,
        ["events"] = $"{r.FirstEvent}..{r.LastEvent}",
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

    private static string Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "—";

    /// <summary>Text for a Markdown table cell: pipes escaped, line breaks flattened.</summary>
    private static string Cell(string? text) =>
        string.IsNullOrEmpty(text) ? "—" : text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');
}
