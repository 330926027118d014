namespace ChatNetOps.Core.Reports;

using System.Globalization;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Inventory;

/// <summary>
/// Folds verified audit events into the report's counters one at a time. Memory grows with the distinct runbooks,
/// devices, roles and incidents and with the requests still open, never with the number of events.
/// </summary>
internal sealed class ReportAccumulator
{
    /// <summary>Refusal groups beyond this many (typed runbook names are the user's) fold into one "(other)" row.</summary>
    public const int MaxRefusalGroups = 10_000;

    private const string Other = "(other)";

    private readonly ReportQuery _query;
    private readonly ReportLookups _lookups;
    private readonly AuditKind? _alert = ReportEventKinds.Find(ReportEventKinds.AlertReceived);
    private readonly AuditKind? _postCheckPassed = ReportEventKinds.Find(ReportEventKinds.PostCheckPassed);
    private readonly AuditKind? _postCheckFailed = ReportEventKinds.Find(ReportEventKinds.PostCheckFailed);
    private readonly AuditKind? _rolledBack = ReportEventKinds.Find(ReportEventKinds.RolledBack);
    private readonly AuditKind? _exported = ReportEventKinds.Find(ReportEventKinds.IncidentExported);
    private readonly AuditKind? _ticket = ReportEventKinds.Find(ReportEventKinds.TicketSent);

    private readonly Dictionary<(string Reason, string Runbook, string Role, string Channel), long> _refusals = [];
    /// <summary>The action of a refused request to an alert endpoint (recorded by the alert intake).</summary>
    private const string AlertInboundAction = "alert-inbound";

    /// <summary>Who a refused alert request came from: no chat member, an HTTP caller whose credentials did not check.</summary>
    private const string AlertCaller = "alert endpoint caller";

    private readonly TopPhrases _phrases = new(500);
    private readonly Dictionary<(string Runbook, string Role), (long Approved, long Rejected, DurationDistribution Latency)> _approvals = [];
    private readonly Dictionary<string, long> _expired = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Runbook, string Platform), RunCounters> _runs = [];
    private readonly Dictionary<string, long> _lockRefusals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IncidentState> _incidents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OpenRequest> _open = new(StringComparer.Ordinal);
    private long _selfApprovals;

    public ReportAccumulator(ReportQuery query, ReportLookups lookups)
    {
        _query = query;
        _lookups = lookups;
    }

    public long EventsInRange { get; private set; }

    public void Add(AuditEvent e)
    {
        if (e.Timestamp < _query.Since || e.Timestamp >= _query.Until
            || (_query.Incident is not null && !string.Equals(e.Incident, _query.Incident, StringComparison.Ordinal)))
        {
            return;
        }

        EventsInRange++;
        switch (e.Kind)
        {
            case AuditKind.Requested:
                OnRequested(e);
                break;
            case AuditKind.ApprovalRequested:
                OpenOf(e).ApprovalRequestedAt = e.Timestamp;
                break;
            case AuditKind.Approved:
            case AuditKind.Rejected:
                OnDecided(e);
                break;
            case AuditKind.Expired:
                _expired[e.Runbook ?? ReportLookups.Unknown] = _expired.GetValueOrDefault(e.Runbook ?? ReportLookups.Unknown) + 1;
                Close(e);
                break;
            case AuditKind.Cancelled:
                Close(e);
                break;
            case AuditKind.Started:
                OnStarted(e);
                break;
            case AuditKind.Succeeded:
            case AuditKind.Failed:
            case AuditKind.TimedOut:
                OnFinished(e);
                break;
            case AuditKind.Interrupted:
                Runs(e).Interrupted++;
                Runs(e).Runs++;
                Close(e);
                break;
            case AuditKind.LockRefused:
                _lockRefusals[e.Device ?? ReportLookups.Unknown] = _lockRefusals.GetValueOrDefault(e.Device ?? ReportLookups.Unknown) + 1;
                break;
            case AuditKind.Denied:
                OnDenied(e);
                break;
            case AuditKind.Usage:
                OnUsage(e);
                break;
            case AuditKind.IncidentOpened:
                OnIncidentOpened(e);
                break;
            case AuditKind.SeverityConfirmed when e.Incident is not null:
                OnSeverityConfirmed(e);
                break;
            case AuditKind.IncidentClosed when e.Incident is not null:
                IncidentOf(e.Incident).ClosedAt = e.Timestamp;
                break;
            default:
                OnOptional(e);
                break;
        }
    }

    public OperationsReport Build(ChainVerdict chain, DateTimeOffset generatedAt)
    {
        var noData = ReportEventKinds.All.Where(k => ReportEventKinds.Find(k) is null)
            .Select(k => k switch
            {
                ReportEventKinds.AlertReceived => "alerts (time from alert to incident; times are measured from the incident's opening instead)",
                ReportEventKinds.PostCheckPassed => "post-checks passed (time to mitigation)",
                ReportEventKinds.PostCheckFailed => "post-checks failed (regressions)",
                ReportEventKinds.RolledBack => "rollbacks",
                ReportEventKinds.IncidentExported => "incident exports",
                ReportEventKinds.TicketSent => "tickets sent",
                _ => k,
            })
            .Select(what => $"{what}: the audit trail records no such events yet")
            .ToList();

        var incidents = _incidents
            .Where(i => i.Value.OpenedAt is not null || i.Value.Requests > 0 || i.Value.Refusals > 0)
            .Select(i => i.Value.ToRow(i.Key, _alert is not null, _postCheckPassed is not null, _exported is not null, _ticket is not null))
            .OrderBy(i => i.OpenedAt ?? DateTimeOffset.MaxValue)
            .ThenBy(i => i.Id, StringComparer.Ordinal)
            .ToList();

        return new OperationsReport(
            _query,
            generatedAt,
            chain,
            EventsInRange,
            [.. _refusals.Select(r => new RefusalRow(r.Key.Reason, r.Key.Runbook, r.Key.Role, r.Key.Channel, r.Value))
                .OrderByDescending(r => r.Count).ThenBy(r => r.Reason, StringComparer.Ordinal).ThenBy(r => r.Runbook, StringComparer.Ordinal)
                .ThenBy(r => r.Role, StringComparer.Ordinal).ThenBy(r => r.ChannelKind, StringComparer.Ordinal)],
            _phrases.Top(20),
            [.. _approvals.Select(a => new ApprovalRow(a.Key.Runbook, a.Key.Role, a.Value.Approved, a.Value.Rejected, a.Value.Latency.ToStat()))
                .OrderBy(a => a.Runbook, StringComparer.Ordinal).ThenBy(a => a.ApproverRole, StringComparer.Ordinal)],
            Counts(_expired),
            _selfApprovals,
            incidents,
            Milestones(incidents),
            [.. _runs.Select(r => r.Value.ToRow(r.Key.Runbook, r.Key.Platform, _postCheckFailed is not null, _rolledBack is not null))
                .OrderBy(r => r.Runbook, StringComparer.Ordinal).ThenBy(r => r.Platform, StringComparer.Ordinal)],
            Counts(_lockRefusals),
            noData);
    }

    private List<MilestoneRow> Milestones(List<IncidentRow> incidents)
    {
        MilestoneRow Of(string name, Func<IncidentRow, TimeSpan?> pick, bool recorded = true)
        {
            if (!recorded)
            {
                return new MilestoneRow(name, null);
            }

            var distribution = new DurationDistribution();
            foreach (var value in incidents.Select(pick).OfType<TimeSpan>())
            {
                distribution.Add(value);
            }

            return new MilestoneRow(name, distribution.ToStat());
        }

        return
        [
            Of("alert to incident", i => i.AlertToIncident, _alert is not null),
            Of("to first read-only step", i => i.ToFirstReadOnly),
            Of("to first approved change", i => i.ToFirstChange),
            Of("to mitigation (first passed post-check)", i => i.ToMitigation, _postCheckPassed is not null),
            Of("to resolution (closed)", i => i.ToResolution),
        ];
    }

    private static List<CountRow> Counts(Dictionary<string, long> counts) =>
        [.. counts.Select(c => new CountRow(c.Key, c.Value)).OrderByDescending(c => c.Count).ThenBy(c => c.Key, StringComparer.Ordinal)];

    private void OnRequested(AuditEvent e)
    {
        var readOnly = e.Details.TryGetValue("mode", out var mode) && string.Equals(mode, nameof(RunbookMode.ReadOnly), StringComparison.Ordinal);
        var targets = e.Details.TryGetValue("targets", out var list) ? Math.Max(1, list.Split(',').Length) : 1;
        if (e.RequestId is { } id)
        {
            _open[id] = new OpenRequest(readOnly, targets);
        }

        if (e.Incident is not null)
        {
            IncidentOf(e.Incident).Requests++;
        }
    }

    private void OnDecided(AuditEvent e)
    {
        var open = OpenOf(e);
        var key = (e.Runbook ?? ReportLookups.Unknown, _lookups.RoleOf(e.Actor));
        var counters = _approvals.TryGetValue(key, out var found) ? found : (0, 0, new DurationDistribution());
        if (open.ApprovalRequestedAt is { } requestedAt)
        {
            counters.Latency.Add(e.Timestamp - requestedAt);
        }

        if (e.Kind == AuditKind.Approved)
        {
            counters.Approved++;
            if (e.Incident is not null)
            {
                IncidentOf(e.Incident).FirstChange ??= e.Timestamp;
            }
        }
        else
        {
            counters.Rejected++;
            Close(e);
        }

        _approvals[key] = counters;
    }

    private void OnStarted(AuditEvent e)
    {
        if (e.Incident is not null && e.RequestId is { } id && _open.TryGetValue(id, out var open) && open.ReadOnly)
        {
            IncidentOf(e.Incident).FirstReadOnly ??= e.Timestamp;
        }
    }

    private void OnFinished(AuditEvent e)
    {
        // A fan-out ends with one summary event (it carries "devices") after its per-device results: the summary
        // closes the request and is not a run of its own.
        if (e.Details.ContainsKey("devices"))
        {
            Close(e);
            return;
        }

        var counters = Runs(e);
        counters.Runs++;
        switch (e.Kind)
        {
            case AuditKind.Succeeded:
                counters.Succeeded++;
                break;
            case AuditKind.TimedOut:
                counters.TimedOut++;
                break;
            default:
                counters.Failed++;
                break;
        }

        if (e.Details.TryGetValue("durationMs", out var ms) && long.TryParse(ms, NumberStyles.None, CultureInfo.InvariantCulture, out var duration))
        {
            counters.Duration.Add(TimeSpan.FromMilliseconds(duration));
        }

        if (e.RequestId is { } id && _open.TryGetValue(id, out var open) && (--open.Remaining <= 0 || e.Details.ContainsKey("executed")))
        {
            _open.Remove(id);
        }
    }

    private void OnDenied(AuditEvent e)
    {
        var reason = e.Details.GetValueOrDefault("reason") ?? ReportLookups.Unknown;
        var runbook = e.Runbook ?? e.Details.GetValueOrDefault("runbook") ?? "-";
        var role = string.Equals(e.Details.GetValueOrDefault("action"), AlertInboundAction, StringComparison.Ordinal) ? AlertCaller : _lookups.RoleOf(e.Actor);
        var key = (reason, runbook, role, e.Details.GetValueOrDefault("channelKind") ?? "-");
        if (!_refusals.ContainsKey(key) && _refusals.Count >= MaxRefusalGroups)
        {
            key = (reason, Other, Other, Other);
        }

        _refusals[key] = _refusals.GetValueOrDefault(key) + 1;
        if (string.Equals(reason, "SelfApproval", StringComparison.Ordinal))
        {
            _selfApprovals++;
        }
        else if (string.Equals(reason, "InvalidCommand", StringComparison.Ordinal) && e.Details.TryGetValue("text", out var text))
        {
            _phrases.Add(text);
        }
        else if (string.Equals(reason, "UnknownRunbook", StringComparison.Ordinal) && e.Details.GetValueOrDefault("runbook") is { } typed)
        {
            _phrases.Add("run " + typed);
        }

        if (e.Incident is not null)
        {
            IncidentOf(e.Incident).Refusals++;
        }
    }

    /// <summary>
    /// A usage error (a typo answered with a hint) is a phrase not understood, not a refusal; a known device or group
    /// outside a runbook's scope (<c>OutOfScope</c>) was understood and is not listed.
    /// </summary>
    private void OnUsage(AuditEvent e)
    {
        if (!string.Equals(e.Details.GetValueOrDefault("reason"), "OutOfScope", StringComparison.Ordinal) && e.Details.TryGetValue("text", out var text))
        {
            _phrases.Add(text);
        }
    }

    private void OnIncidentOpened(AuditEvent e)
    {
        if (e.Incident is null)
        {
            return;
        }

        var incident = IncidentOf(e.Incident);
        incident.OpenedAt ??= e.Timestamp;
        incident.Title = e.Details.GetValueOrDefault("title") ?? string.Empty;
        incident.Severity = IncidentSeverityRule.Opened(e);
    }

    /// <summary>A confirmed change sets the incident's severity (proposals, expiries and rejections leave it).</summary>
    private void OnSeverityConfirmed(AuditEvent e)
    {
        var incident = IncidentOf(e.Incident!);
        incident.Severity = IncidentSeverityRule.After(incident.Severity, e);
    }

    private void OnOptional(AuditEvent e)
    {
        if (e.Kind == _alert && e.Incident is not null)
        {
            var incident = IncidentOf(e.Incident);
            incident.FirstAlert = incident.FirstAlert is { } at && at <= e.Timestamp ? at : e.Timestamp;
        }
        else if (e.Kind == _postCheckPassed && e.Incident is not null)
        {
            IncidentOf(e.Incident).Mitigated ??= e.Timestamp;
        }
        else if (e.Kind == _postCheckFailed)
        {
            Runs(e).Regressions++;
        }
        else if (e.Kind == _rolledBack)
        {
            Runs(e).Rollbacks++;
        }
        else if (e.Kind == _exported && e.Incident is not null)
        {
            IncidentOf(e.Incident).Exported = true;
        }
        else if (e.Kind == _ticket && e.Incident is not null)
        {
            IncidentOf(e.Incident).Ticketed = true;
        }
    }

    private OpenRequest OpenOf(AuditEvent e)
    {
        if (e.RequestId is not { } id)
        {
            return new OpenRequest(false, 1);
        }

        if (!_open.TryGetValue(id, out var open))
        {
            open = new OpenRequest(false, 1);
            _open[id] = open;
        }

        return open;
    }

    private void Close(AuditEvent e)
    {
        if (e.RequestId is { } id)
        {
            _open.Remove(id);
        }
    }

    private RunCounters Runs(AuditEvent e)
    {
        var key = (e.Runbook ?? ReportLookups.Unknown, _lookups.PlatformOf(e.Device));
        if (!_runs.TryGetValue(key, out var counters))
        {
            counters = new RunCounters();
            _runs[key] = counters;
        }

        return counters;
    }

    private IncidentState IncidentOf(string id)
    {
        if (!_incidents.TryGetValue(id, out var incident))
        {
            incident = new IncidentState();
            _incidents[id] = incident;
        }

        return incident;
    }

    private sealed class OpenRequest(bool readOnly, int targets)
    {
        public bool ReadOnly { get; } = readOnly;

        public int Remaining { get; set; } = targets;

        public DateTimeOffset? ApprovalRequestedAt { get; set; }
    }

    private sealed class RunCounters
    {
        public long Runs { get; set; }

        public long Succeeded { get; set; }

        public long Failed { get; set; }

        public long TimedOut { get; set; }

        public long Interrupted { get; set; }

        public long Regressions { get; set; }

        public long Rollbacks { get; set; }

        public DurationDistribution Duration { get; } = new();

        public RunRow ToRow(string runbook, string platform, bool regressionsRecorded, bool rollbacksRecorded) => new(
            runbook, platform, Runs, Succeeded, Failed, TimedOut, Interrupted,
            regressionsRecorded ? Regressions : null, rollbacksRecorded ? Rollbacks : null, Duration.ToStat());
    }

    private sealed class IncidentState
    {
        public string Title { get; set; } = string.Empty;

        public int? Severity { get; set; }

        public DateTimeOffset? OpenedAt { get; set; }

        public DateTimeOffset? ClosedAt { get; set; }

        public DateTimeOffset? FirstAlert { get; set; }

        public DateTimeOffset? FirstReadOnly { get; set; }

        public DateTimeOffset? FirstChange { get; set; }

        public DateTimeOffset? Mitigated { get; set; }

        public bool Exported { get; set; }

        public bool Ticketed { get; set; }

        public long Requests { get; set; }

        public long Refusals { get; set; }

        public IncidentRow ToRow(string id, bool alerts, bool postChecks, bool exports, bool tickets)
        {
            var origin = alerts && FirstAlert is not null ? FirstAlert : OpenedAt;
            TimeSpan? Since(DateTimeOffset? at) => at is { } value && origin is { } start && value >= start ? value - start : null;
            return new IncidentRow(
                id, Title, Severity?.ToString(CultureInfo.InvariantCulture) ?? "-", OpenedAt, ClosedAt, Requests, Refusals,
                alerts && FirstAlert is not null ? "alert" : "opened",
                alerts && FirstAlert is { } alert && OpenedAt is { } opened ? opened - alert : null,
                Since(FirstReadOnly),
                Since(FirstChange),
                postChecks ? Since(Mitigated) : null,
                Since(ClosedAt),
                exports ? Exported : null,
                tickets ? Ticketed : null);
        }
    }
}
