namespace ChatNetOps.Core.Incidents;

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Audit.Checkpoints;
using ChatNetOps.Core.Requests;

/// <summary>
/// Builds an <see cref="IncidentTimeline"/> from the incident's chain: reads its events, verifies them (against the
/// checkpoint log when there is one), derives the incident and its requests from the events that verified, and then
/// compares the mutable rows — the incidents row, the requests rows, the stored outputs — with what the chain says.
/// </summary>
public sealed class IncidentTimelineBuilder(
    IIncidentStore incidents,
    IRequestStore requests,
    IOutputStore outputs,
    IAuditLog audit,
    AuditCheckpointLog? checkpoints = null)
{
    private static readonly HashSet<AuditKind> Results = [AuditKind.Succeeded, AuditKind.Failed, AuditKind.TimedOut];

    /// <summary>Builds the timeline, checking the chain against the checkpoint log this host follows (if any).</summary>
    public async Task<IncidentTimeline> BuildAsync(string incidentId, CancellationToken cancellationToken) =>
        await BuildAsync(incidentId, checkpoints is null ? null : await checkpoints.RefreshAsync(cancellationToken), cancellationToken);

    /// <summary>Builds the timeline, checking the chain against <paramref name="anchors"/> (null: anchoring not checked).</summary>
    public async Task<IncidentTimeline> BuildAsync(string incidentId, CheckpointState? anchors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incidentId);
        var id = incidentId.Trim().ToUpperInvariant();
        var stored = new List<AuditEvent>();
        await foreach (var e in audit.ReadAsync(id, cancellationToken))
        {
            stored.Add(e);
        }

        var chain = await AuditVerifier.VerifyChainAsync(id, AuditVerifier.From(stored, cancellationToken), anchors?.AnchorsOf(id) ?? [], cancellationToken);
        var verified = stored.Take((int)chain.Events).ToList();
        var record = IncidentOf(id, verified);
        var runs = RequestsOf(verified);

        var row = await incidents.GetAsync(id, cancellationToken);
        var rows = (await requests.ListByIncidentAsync(id, cancellationToken)).OrderBy(r => r.CreatedAt).ToList();
        var differences = new List<Discrepancy>();
        CompareIncident(id, record, row, differences);
        CompareRequests(runs, rows, differences);
        var checks = await CheckOutputsAsync(runs, cancellationToken);

        return new IncidentTimeline(id, row, rows, verified, chain)
        {
            Record = record,
            Runs = runs,
            Outputs = checks,
            Discrepancies = differences,
            Unverified = stored.Count - verified.Count,
            Checkpoints = anchors,
        };
    }

    private static IncidentRecord? IncidentOf(string id, List<AuditEvent> events)
    {
        IncidentRecord? record = null;
        foreach (var e in events)
        {
            switch (e.Kind)
            {
                case AuditKind.IncidentOpened when record is null:
                    record = new IncidentRecord(id)
                    {
                        Title = Detail(e, "title"),
                        Severity = IncidentSeverityRule.Opened(e),
                        OpenedBy = e.Actor,
                        OpenedAt = e.Timestamp,
                        Conversations = Conversation(e) is { } first ? [first] : [],
                    };
                    break;
                case AuditKind.ConversationBound when record is not null && Conversation(e) is { } bound:
                    record = record with { Conversations = [.. record.Conversations, bound] };
                    break;
                case AuditKind.SeverityConfirmed when record is not null:
                    record = record with { Severity = IncidentSeverityRule.After(record.Severity, e) };
                    break;
                case AuditKind.IncidentClosed when record is not null:
                    record = record with { ClosedBy = e.Actor, ClosedAt = e.Timestamp, Resolution = Detail(e, "resolution") };
                    break;
                case AuditKind.IncidentReopened when record is not null:
                    record = record with { ClosedBy = null, ClosedAt = null, Resolution = null };
                    break;
                default:
                    break;
            }
        }

        return record;

        static string? Conversation(AuditEvent e) =>
            Detail(e, "conversation") is { } conversation ? $"{Detail(e, "platform") ?? e.Actor.Platform.ToString()} {conversation}" : null;
    }

    private static List<RequestRecord> RequestsOf(List<AuditEvent> events)
    {
        var byId = new Dictionary<string, RequestRecord>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var e in events)
        {
            // A finished run attached later (incident attach) is in this chain only through its RunAttached event.
            if ((e.RequestId ?? (e.Kind == AuditKind.RunAttached ? Detail(e, "requestId") : null)) is not { } requestId)
            {
                continue;
            }

            if (!byId.TryGetValue(requestId, out var r))
            {
                order.Add(requestId);
                r = new RequestRecord(requestId) { Runbook = e.Runbook, MessageLink = e.MessageLink, FirstEvent = e.Sequence };
            }

            r = r with { LastEvent = e.Sequence, Runbook = r.Runbook ?? e.Runbook };
            r = e.Kind switch
            {
                AuditKind.Requested => r with
                {
                    RunbookVersion = Detail(e, "runbookVersion"),
                    Mode = Detail(e, "mode"),
                    Targets = Detail(e, "targets") is { Length: > 0 } targets ? targets.Split(',') : e.Device is null ? [] : [e.Device],
                    Inputs = e.Details.Where(p => p.Key.StartsWith("input.", StringComparison.Ordinal)).ToDictionary(p => p.Key["input.".Length..], p => p.Value, StringComparer.Ordinal),
                    RequestedBy = e.Actor,
                    RequestedAt = e.Timestamp,
                    ApprovalHash = Detail(e, "approvalHash"),
                    ChangeWindow = Detail(e, "changeWindow"),
                    Status = RequestStatus.Requested,
                    RollbackOf = Detail(e, "rollbackOf"),
                },
                AuditKind.PreChecked or AuditKind.PostCheckPassed or AuditKind.PostCheckFailed => r with { Checks = [.. r.Checks, Check(e)] },
                AuditKind.RolledBack => r with { RolledBackBy = Detail(e, "rollbackRequest") },
                AuditKind.ApprovalRequested => r with { Status = RequestStatus.AwaitingApproval },
                AuditKind.Approved => r with
                {
                    DecidedBy = e.Actor,
                    Approved = true,
                    DecidedAt = e.Timestamp,
                    ApprovalHash = Detail(e, "approvalHash") ?? r.ApprovalHash,
                    DecisionKind = Detail(e, "decisionKind") ?? nameof(Requests.DecisionKind.RunbookRun),
                    ChangeWindow = r.ChangeWindow ?? Detail(e, "changeWindow"),
                },
                AuditKind.Rejected => r with { DecidedBy = e.Actor, Approved = false, DecidedAt = e.Timestamp, DecisionReason = Detail(e, "reason"), Status = RequestStatus.Rejected },
                // A refusal of an action on the request (an approval, a cancel, a self-approval) leaves its status alone; only
                // a refusal of the request itself (its pre-check failed) makes it Denied.
                AuditKind.Denied when RefusesTheRequest(e) => r with { Status = RequestStatus.Denied },
                AuditKind.LockRefused when r.RequestedBy is null => r with
                {
                    // Refused at once because another request holds the device: it never got a requests row.
                    RequestedBy = e.Actor,
                    RequestedAt = e.Timestamp,
                    Targets = e.Device is null ? r.Targets : [e.Device],
                    Status = RequestStatus.Denied,
                    NeverStored = true,
                },
                AuditKind.Expired => r with { Status = RequestStatus.Expired },
                AuditKind.Cancelled => r with { Status = RequestStatus.Cancelled },
                AuditKind.Queued => r with { Status = RequestStatus.Queued },
                AuditKind.Started => r with { Status = RequestStatus.Running, Ran = true },
                AuditKind.Interrupted => r with { Status = RequestStatus.Interrupted },
                AuditKind.RunAttached => Attached(r, e),
                _ when Results.Contains(e.Kind) => Result(r, e),
                _ => r,
            };
            byId[requestId] = r;
        }

        return [.. order.Select(id => byId[id])];
    }

    /// <summary>
    /// Whether a Denied event naming a request refused the request itself (a failed pre-check records no action) rather
    /// than someone's action on it (approve, reject, cancel, rollback: the event's <c>action</c>).
    /// </summary>
    private static bool RefusesTheRequest(AuditEvent e) => Detail(e, "action") is null or "run";

    private static CheckRecord Check(AuditEvent e) =>
        new(e.Kind == AuditKind.PreChecked ? "before" : "after", Detail(e, "checkRunbook"), e.Device, Detail(e, "passed") == "true", Detail(e, "summary"), Detail(e, "rows"), Detail(e, "outputSha256"), e.Sequence)
        {
            Attempts = int.TryParse(Detail(e, "attempts"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null,
        };

    /// <summary>The run as its RunAttached event recorded it when it joined the incident (its own events are in another chain).</summary>
    private static RequestRecord Attached(RequestRecord r, AuditEvent e) => r with
    {
        Runbook = r.Runbook ?? Detail(e, "runbook"),
        RunbookVersion = r.RunbookVersion ?? Detail(e, "runbookVersion"),
        Targets = r.Targets.Count > 0 ? r.Targets : Detail(e, "targets") is { Length: > 0 } targets ? targets.Split(',') : [],
        ApprovalHash = r.ApprovalHash ?? Detail(e, "approvalHash"),
        RequestedAt = r.RequestedAt ?? (DateTimeOffset.TryParse(Detail(e, "requestedAt"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null),
        Status = Enum.TryParse<RequestStatus>(Detail(e, "status"), out var status) ? status : r.Status,
        Ran = r.Ran || status is RequestStatus.Succeeded or RequestStatus.Failed or RequestStatus.TimedOut,
        ReturnCode = int.TryParse(Detail(e, "returnCode"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var rc) ? rc : r.ReturnCode,
        OutputSha256 = Detail(e, "outputSha256") ?? r.OutputSha256,
    };

    private static RequestRecord Result(RequestRecord r, AuditEvent e)
    {
        var status = e.Kind switch
        {
            AuditKind.Succeeded => RequestStatus.Succeeded,
            AuditKind.TimedOut => RequestStatus.TimedOut,
            _ => RequestStatus.Failed,
        };
        if (Detail(e, "returnCode") is { } rcText && e.Device is { } device)
        {
            // One device's result; for a single-target request it is also the request's.
            var rc = int.TryParse(rcText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code) ? code : (int?)null;
            var result = new DeviceResultRecord(device, e.Kind, e.Sequence)
            {
                ReturnCode = rc,
                OutputSha256 = Detail(e, "outputSha256"),
                StoredOutputSha256 = Detail(e, "storedOutputSha256"),
                OutputBytes = long.TryParse(Detail(e, "outputBytes"), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) ? bytes : null,
                DurationMs = long.TryParse(Detail(e, "durationMs"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : null,
                Error = Detail(e, "error"),
                Verdict = Detail(e, "verdict"),
                Summary = Detail(e, "summary"),
            };
            r = r with { Devices = [.. r.Devices.Where(d => !string.Equals(d.Device, device, StringComparison.Ordinal)), result], Ran = true };
            return r.Targets.Count <= 1
                ? r with { Status = status, ReturnCode = rc, OutputSha256 = result.OutputSha256 }
                : r;
        }

        // The summary of a multi-device run, or a run that failed before it started.
        return r with
        {
            Status = status,
            ReturnCode = Detail(e, "devices") is null ? r.ReturnCode : r.Devices.Select(d => d.ReturnCode ?? 0).FirstOrDefault(rc => rc != 0),
            OutputSha256 = Detail(e, "outputSha256") ?? r.OutputSha256,
        };
    }

    private static void CompareIncident(string id, IncidentRecord? chain, Incident? row, List<Discrepancy> differences)
    {
        var subject = $"incidents {id}";
        if (chain is null)
        {
            if (row is not null)
            {
                differences.Add(new Discrepancy(subject, "opened", $"{row.Title} (by {row.OpenedBy})", null));
            }

            return;
        }

        if (row is null)
        {
            differences.Add(new Discrepancy(subject, "row", null, $"opened by {chain.OpenedBy} at {Time(chain.OpenedAt)}"));
            return;
        }

        Differ(differences, subject, "title", row.Title, chain.Title);
        Differ(differences, subject, "severity", Text(row.Severity), Text(chain.Severity));
        Differ(differences, subject, "opened by", Who(row.OpenedBy), Who(chain.OpenedBy));
        Differ(differences, subject, "state", row.State.ToString(), chain.State.ToString());
        Differ(differences, subject, "closed by", Who(row.ClosedBy), Who(chain.ClosedBy));
        Differ(differences, subject, "resolution", row.Resolution, chain.Resolution);
    }

    private static void CompareRequests(List<RequestRecord> runs, List<RunRequest> rows, List<Discrepancy> differences)
    {
        var stored = rows.ToDictionary(r => r.Id, StringComparer.Ordinal);
        foreach (var run in runs)
        {
            var subject = $"requests {run.Id}";
            if (!stored.Remove(run.Id, out var row))
            {
                if (!run.NeverStored)
                {
                    differences.Add(new Discrepancy(subject, "row", null, $"{run.Runbook} requested by {Who(run.RequestedBy) ?? "(the chain names no requester)"}"));
                }

                continue;
            }

            if (run.NeverStored)
            {
                // The chain says it was refused before it was stored, yet a row claims it.
                differences.Add(new Discrepancy(subject, "row", $"{row.Runbook} requested by {row.Requester}, {row.Status}", "refused before it was stored (the device was locked)"));
                continue;
            }

            Differ(differences, subject, "runbook", row.Runbook, run.Runbook);
            if (run.RequestedBy is not null)
            {
                Differ(differences, subject, "targets", string.Join(",", row.Targets), string.Join(",", run.Targets));
                Differ(differences, subject, "requested by", Who(row.Requester), Who(run.RequestedBy));
                Differ(differences, subject, "approval hash", row.ApprovalHash, run.ApprovalHash);
                if (run.Inputs.Count > 0 || row.Inputs.Count > 0)
                {
                    Differ(differences, subject, "inputs", Inputs(row.Inputs), Inputs(run.Inputs));
                }
            }

            Differ(differences, subject, run.Approved == false || row.Decision is { Approved: false } ? "rejected by" : "approved by", Who(row.Decision?.By), Who(run.DecidedBy));
            if (row.Decision is not null && run.Approved is not null && row.Decision.Approved != run.Approved)
            {
                differences.Add(new Discrepancy(subject, "decision", row.Decision.Approved ? "approved" : "rejected", run.Approved.Value ? "approved" : "rejected"));
            }

            Differ(differences, subject, "status", row.Status.ToString(), run.Status?.ToString());
            if (run.ReturnCode is not null || row.Result is not null)
            {
                Differ(differences, subject, "return code", Text(row.Result?.ReturnCode), Text(run.ReturnCode));
                Differ(differences, subject, "output SHA-256", row.Result?.OutputSha256, run.OutputSha256);
            }
        }

        foreach (var row in stored.Values)
        {
            differences.Add(new Discrepancy($"requests {row.Id}", "row", $"{row.Runbook} requested by {row.Requester}, {row.Status}", null));
        }
    }

    private async Task<List<OutputCheck>> CheckOutputsAsync(List<RequestRecord> runs, CancellationToken cancellationToken)
    {
        var checks = new List<OutputCheck>();
        foreach (var run in runs.Where(r => r.Devices.Count > 0))
        {
            var saved = (await outputs.GetAsync(run.Id, cancellationToken)).ToDictionary(o => o.Device, StringComparer.Ordinal);
            foreach (var device in run.Devices)
            {
                if (!saved.Remove(device.Device, out var output))
                {
                    checks.Add(new OutputCheck(run.Id, device.Device, device.OutputSha256, null));
                    continue;
                }

                var textHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(output.Text)));
                checks.Add(new OutputCheck(run.Id, device.Device, device.OutputSha256, output.RawSha256)
                {
                    TextVerified = device.OutputSha256 is not null && string.Equals(textHash, device.OutputSha256, StringComparison.OrdinalIgnoreCase),
                    ChainTextSha256 = device.StoredOutputSha256,
                    StoredTextSha256 = textHash,
                    StoredBytes = Encoding.UTF8.GetByteCount(output.Text),
                    Truncated = output.Truncated,
                });
            }

            checks.AddRange(saved.Values.Select(o => new OutputCheck(run.Id, o.Device, null, o.RawSha256)));
        }

        return checks;
    }

    private static void Differ(List<Discrepancy> differences, string subject, string field, string? stored, string? chain)
    {
        if (!string.Equals(stored, chain, StringComparison.Ordinal))
        {
            differences.Add(new Discrepancy(subject, field, stored, chain));
        }
    }

    private static string? Detail(AuditEvent e, string key) => e.Details.TryGetValue(key, out var value) ? value : null;

    private static string? Who(Actor? actor) => actor?.ToString();

    private static string? Text(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Inputs(IReadOnlyDictionary<string, string> inputs) =>
        string.Join(", ", inputs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}
