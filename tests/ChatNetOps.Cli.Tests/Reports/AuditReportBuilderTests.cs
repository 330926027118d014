namespace ChatNetOps.Cli.Tests.Reports;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Reports;
using ChatNetOps.Core.Requests;

public sealed class AuditReportBuilderTests
{
    private static readonly DateTimeOffset Since = ReportTrail.Day.AddDays(-1);
    private static readonly DateTimeOffset Until = ReportTrail.Day.AddDays(1);

    [Fact]
    public async Task KnownTrail_ChainVerifiesAndEveryEventIsCounted()
    {
        await using var trail = new ReportTrail();
        await KnownTrail.WriteAsync(trail.Scenario);

        var report = await trail.BuildAsync(Since, Until);

        Assert.True(report.Chain.Intact);
        Assert.Equal(report.Chain.VerifiedEvents, report.EventsInRange);
        Assert.Equal(2, report.Chain.PartitionsRead); // the day and INC-42
    }

    [Fact]
    public async Task Refusals_GroupByReasonRunbookRoleAndChannelKind()
    {
        await using var trail = new ReportTrail();
        await KnownTrail.WriteAsync(trail.Scenario);

        var report = await trail.BuildAsync(Since, Until);

        Assert.Contains(new RefusalRow("NotGranted", "set-vlan", "noc-engineer", "Incident", 2), report.Refusals);
        Assert.Contains(new RefusalRow("InvalidCommand", "-", "viewer", "Direct", 4), report.Refusals);
        Assert.Equal(1, report.SelfApprovalAttempts);
        Assert.Equal(7, report.TotalRefusals);
    }

    [Fact]
    public async Task PhrasesNotUnderstood_AreCountedMostFrequentFirst()
    {
        await using var trail = new ReportTrail();
        await KnownTrail.WriteAsync(trail.Scenario);

        var report = await trail.BuildAsync(Since, Until);

        Assert.Equal(new PhraseCount("shwo int", 2, 0), report.NotUnderstood[0]);
        Assert.Contains(report.NotUnderstood, p => p is { Phrase: "conf t", Count: 1 });
    }

    [Fact]
    public async Task AKnownDeviceOutsideARunbooksScope_IsNoPhraseNotUnderstood_AndARefusedAlertRequestComesFromAnAlertCaller()
    {
        // Before: the out-of-scope command was listed with the typos, and the alert endpoint's refusals as role "not a member".
        await using var trail = new ReportTrail();
        var alice = new Actor(ChatPlatform.Slack, "U0ALICE", "Alice") { MemberId = "alice" };
        await trail.Log.AppendAsync(new AuditEntry(AuditKind.Usage, alice)
        {
            Details = new Dictionary<string, string> { ["action"] = "parse", ["reason"] = "OutOfScope", ["text"] = "verify-ospf device=fw-edge-01", ["channelKind"] = "Direct" },
        }, CancellationToken.None);
        await trail.Log.AppendAsync(new AuditEntry(AuditKind.Usage, alice)
        {
            Details = new Dictionary<string, string> { ["action"] = "parse", ["reason"] = "InvalidCommand", ["text"] = "verfiy-ospf device=dist-sw-01", ["channelKind"] = "Direct" },
        }, CancellationToken.None);
        await trail.Log.AppendAsync(new AuditEntry(AuditKind.Denied, new Actor(ChatPlatform.Console, "unverified", "Unverified alert request"))
        {
            Details = new Dictionary<string, string> { ["action"] = "alert-inbound", ["source"] = "Alertmanager", ["reason"] = "bad-credentials" },
        }, CancellationToken.None);

        var report = await trail.BuildAsync(Since, Until);

        Assert.Equal(["verfiy-ospf device=dist-sw-01"], report.NotUnderstood.Select(p => p.Phrase));
        Assert.Contains(new RefusalRow("bad-credentials", "-", "alert endpoint caller", "-", 1), report.Refusals);
    }

    [Fact]
    public async Task ApprovalLatency_IsRequestedToDecidedPerRunbookAndApproverRole()
    {
        await using var trail = new ReportTrail();
        await KnownTrail.WriteAsync(trail.Scenario);

        var report = await trail.BuildAsync(Since, Until);

        var carol = Assert.Single(report.Approvals, a => a.ApproverRole == "change-approver+network-engineer");
        Assert.Equal(("bounce-interface", 2L, 0L), (carol.Runbook, carol.Approved, carol.Rejected));
        Assert.Equal(TimeSpan.FromSeconds(60), carol.Latency.P50);
        Assert.Equal(TimeSpan.FromSeconds(180), carol.Latency.P95);
        var dave = Assert.Single(report.Approvals, a => a.ApproverRole == "change-approver+noc-engineer");
        Assert.Equal((0L, 1L, TimeSpan.FromSeconds(120)), (dave.Approved, dave.Rejected, dave.Latency.P50));
        Assert.Equal([new CountRow("set-vlan", 1)], report.ExpiredUnapproved);
    }

    [Fact]
    public async Task Runs_ArePerRunbookAndPlatformWithOutcomesAndDurations()
    {
        await using var trail = new ReportTrail();
        await KnownTrail.WriteAsync(trail.Scenario);

        var report = await trail.BuildAsync(Since, Until);

        var show = Assert.Single(report.Runs, r => r.Runbook == "show-interface");
        Assert.Equal(("cisco_ios", 1L, 1L, TimeSpan.FromMilliseconds(1500)), (show.Platform, show.Runs, show.Succeeded, show.Duration.P50));
        var failed = Assert.Single(report.Runs, r => r is { Runbook: "bounce-interface", Platform: "cisco_nxos" });
        Assert.Equal((1L, 0L, 1L), (failed.Runs, failed.Succeeded, failed.Failed));
        Assert.Equal([new CountRow("dist-sw-01", 2)], report.LockRefusals);
    }

    [Fact]
    public async Task IncidentTimings_AreMeasuredFromTheOpening()
    {
        await using var trail = new ReportTrail();
        var expected = await KnownTrail.WriteAsync(trail.Scenario);

        var report = await trail.BuildAsync(Since, Until);

        var incident = Assert.Single(report.Incidents);
        Assert.Equal((KnownTrail.Incident, "Core uplink flapping", "1"), (incident.Id, incident.Title, incident.Severity));
        Assert.Equal(expected.ToFirstReadOnly, incident.ToFirstReadOnly);
        Assert.Equal(expected.ToFirstChange, incident.ToFirstChange);
        Assert.Equal(expected.ToResolution, incident.ToResolution);
        Assert.Equal((2L, 1L), (incident.Requests, incident.Refusals));
        Assert.Equal(expected.ToResolution, report.IncidentTimings.Single(m => m.Milestone == "to resolution (closed)").Stat!.P50);
    }

    [Fact]
    public async Task IncidentSeverity_IsTheOpeningThenConfirmedChanges_NotAProposalOrAnExpiredOne()
    {
        // Before: the report took 'severity' from IncidentOpened only: a confirmed 3→1 still said sev 3, and an alert
        // incident recorded before 'proposedSeverity' existed (its proposal written as 'severity') said the proposal.
        await using var trail = new ReportTrail();
        var frank = Testing.Audit.AuditScenario.Member("frank");
        var alert = new Actor(ChatPlatform.Console, "alertmanager", "Alert (alertmanager)");
        async Task AppendAsync(AuditKind kind, Actor actor, string incident, params (string Key, string Value)[] details) =>
            await trail.Log.AppendAsync(new AuditEntry(kind, actor) { Incident = incident, Details = details.ToDictionary(d => d.Key, d => d.Value) }, CancellationToken.None);

        await AppendAsync(AuditKind.IncidentOpened, frank, "INC-1235", ("title", "Test after window"), ("severity", "3"));
        await AppendAsync(AuditKind.SeverityProposed, frank, "INC-1235", ("from", "3"), ("to", "1"));
        await AppendAsync(AuditKind.SeverityConfirmed, frank, "INC-1235", ("from", "3"), ("to", "1"));
        await AppendAsync(AuditKind.IncidentOpened, alert, "ALR-OLD", ("title", "old shape"), ("severity", "1"), ("severityStatus", "proposed"));
        await AppendAsync(AuditKind.SeverityProposed, alert, "ALR-OLD", ("from", "3"), ("to", "1"));
        await AppendAsync(AuditKind.SeverityRejected, Actor.System, "ALR-OLD", ("from", "3"), ("to", "1"), ("reason", "expired"));
        await AppendAsync(AuditKind.IncidentOpened, alert, "ALR-NEW", ("title", "new shape"), ("severity", "3"), ("proposedSeverity", "2"), ("severityStatus", "proposed"));
        await AppendAsync(AuditKind.SeverityProposed, alert, "ALR-NEW", ("from", "3"), ("to", "2"));
        await AppendAsync(AuditKind.SeverityRejected, frank, "ALR-NEW", ("from", "3"), ("to", "2"), ("reason", "kept"));

        var report = await trail.BuildAsync(Since, Until);

        Assert.Equal(
            [("ALR-NEW", "3"), ("ALR-OLD", "3"), ("INC-1235", "1")],
            report.Incidents.Select(i => (i.Id, i.Severity)).OrderBy(i => i.Id, StringComparer.Ordinal));
        Assert.StartsWith("Test after window, sev 1, ", ReportMarkdown.IncidentLine(report.Incidents.Single(i => i.Id == "INC-1235")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KindsTheTrailDoesNotRecord_SayNoDataInsteadOfANumber()
    {
        await using var trail = new ReportTrail();
        await KnownTrail.WriteAsync(trail.Scenario);

        var report = await trail.BuildAsync(Since, Until);

        var missing = ReportEventKinds.All.Where(k => ReportEventKinds.Find(k) is null).ToList();
        Assert.Equal(missing.Count, report.NoData.Count);
        var incident = report.Incidents.Single();
        Assert.Equal(ReportEventKinds.Find(ReportEventKinds.IncidentExported) is null, incident.Exported is null);
        Assert.Equal(ReportEventKinds.Find(ReportEventKinds.TicketSent) is null, incident.Ticketed is null);
        // Nothing in the known trail passed a post-check: no time to mitigation either way; whether the kind is recorded at
        // all is what NoData (above) says.
        Assert.Null(incident.ToMitigation);
        Assert.All(report.Runs, r => Assert.Equal(ReportEventKinds.Find(ReportEventKinds.PostCheckFailed) is null, r.Regressions is null));
        Assert.All(report.Runs, r => Assert.Equal(ReportEventKinds.Find(ReportEventKinds.RolledBack) is null, r.Rollbacks is null));
        Assert.Equal(ReportEventKinds.Find(ReportEventKinds.AlertReceived) is null, report.IncidentTimings.Single(m => m.Milestone == "alert to incident").Stat is null);
    }

    [Fact]
    public async Task TamperedEvent_ChainDoesNotVerifyAndNothingFromTheBreakOnIsCounted()
    {
        await using var trail = new ReportTrail();
        var alice = Testing.Audit.AuditScenario.Member("alice");
        for (var i = 0; i < 5; i++)
        {
            await trail.Scenario.DenyAsync(alice, "NotGranted", "set-vlan");
        }

        await trail.TamperAsync("UPDATE audit_events SET json = replace(json, 'NotGranted', 'WrongChannel') WHERE partition = 'day-2026-11-02' AND sequence = 3");

        var report = await trail.BuildAsync(Since, Until);

        Assert.False(report.Chain.Intact);
        var broken = Assert.Single(report.Chain.Broken);
        Assert.Equal(("day-2026-11-02", 2L), (broken.Partition, broken.Events));
        Assert.Equal(2, report.TotalRefusals);
        Assert.DoesNotContain(report.Refusals, r => r.Reason == "WrongChannel");
        Assert.Contains("CHAIN DOES NOT VERIFY", report.Chain.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Window_LeavesOutEventsAndDayPartitionsOutsideIt()
    {
        await using var trail = new ReportTrail();
        var alice = Testing.Audit.AuditScenario.Member("alice");
        await trail.Scenario.DenyAsync(alice, "NotGranted", "set-vlan");
        trail.Time.Advance(TimeSpan.FromDays(40));
        await trail.Scenario.DenyAsync(alice, "WrongChannel", "set-vlan");
        trail.Time.Advance(TimeSpan.FromHours(1));
        await trail.Scenario.DenyAsync(alice, "WrongChannel", "set-vlan");

        var report = await trail.BuildAsync(trail.Time.GetUtcNow().AddDays(-30), trail.Time.GetUtcNow().AddMinutes(-30));

        Assert.Equal(1, report.Chain.PartitionsRead);
        Assert.Equal([new RefusalRow("WrongChannel", "set-vlan", "noc-engineer", "Incident", 1)], report.Refusals);
    }

    [Fact]
    public async Task Incident_LimitsTheReportToThatIncident()
    {
        await using var trail = new ReportTrail();
        await KnownTrail.WriteAsync(trail.Scenario);

        var report = await trail.BuildAsync(Since, Until, "inc-42");

        Assert.Equal(1, report.Chain.PartitionsRead);
        Assert.Equal(1, report.TotalRefusals);
        Assert.Equal(2, report.TotalRuns);
        Assert.Empty(report.LockRefusals);
    }

    [Fact]
    public async Task EmptyWindow_IsRefused()
    {
        await using var trail = new ReportTrail();

        await Assert.ThrowsAsync<ArgumentException>(() => trail.BuildAsync(Until, Since));
    }
}
