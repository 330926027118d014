namespace ChatNetOps.Core.Reports;

/// <summary>
/// A report built only from audit events whose hash chain verified. Counts that rest on event kinds the trail does
/// not record yet are null and listed in <see cref="NoData"/>.
/// </summary>
public sealed record OperationsReport(
    ReportQuery Query,
    DateTimeOffset GeneratedAt,
    ChainVerdict Chain,
    long EventsInRange,
    IReadOnlyList<RefusalRow> Refusals,
    IReadOnlyList<PhraseCount> NotUnderstood,
    IReadOnlyList<ApprovalRow> Approvals,
    IReadOnlyList<CountRow> ExpiredUnapproved,
    long SelfApprovalAttempts,
    IReadOnlyList<IncidentRow> Incidents,
    IReadOnlyList<MilestoneRow> IncidentTimings,
    IReadOnlyList<RunRow> Runs,
    IReadOnlyList<CountRow> LockRefusals,
    IReadOnlyList<string> NoData)
{
    public long TotalRefusals => Refusals.Sum(r => r.Count);

    public long TotalRuns => Runs.Sum(r => r.Runs);
}

/// <param name="Broken">The chains that did not verify; their events from the first broken one on are left out.</param>
/// <param name="PartitionsRead">Partitions verified (those outside the window by their day are not read).</param>
public sealed record ChainVerdict(int PartitionsRead, long VerifiedEvents, IReadOnlyList<Audit.ChainVerification> Broken)
{
    public bool Intact => Broken.Count == 0;

    public string Describe() => Intact
        ? $"chain verified: {PartitionsRead} partitions, {VerifiedEvents} events intact"
        : $"CHAIN DOES NOT VERIFY: {Broken.Count} of {PartitionsRead} partitions broken ("
          + string.Join("; ", Broken.Select(b => $"{b.Partition} at sequence {b.Events + 1}: {b.Problem}"))
          + "); only the events before each break are counted";
}

public sealed record DurationStat(long Count, TimeSpan? P50, TimeSpan? P95);

public sealed record CountRow(string Key, long Count);

public sealed record PhraseCount(string Phrase, long Count, long Error);

public sealed record RefusalRow(string Reason, string Runbook, string Role, string ChannelKind, long Count);

public sealed record ApprovalRow(string Runbook, string ApproverRole, long Approved, long Rejected, DurationStat Latency);

/// <param name="Regressions">Post-checks that failed; null while the trail records no post-checks.</param>
/// <param name="Rollbacks">Null while the trail records no rollbacks.</param>
public sealed record RunRow(
    string Runbook,
    string Platform,
    long Runs,
    long Succeeded,
    long Failed,
    long TimedOut,
    long Interrupted,
    long? Regressions,
    long? Rollbacks,
    DurationStat Duration);

/// <param name="Origin">What the times are measured from: <c>alert</c> or <c>opened</c>.</param>
/// <param name="Exported">Null while the trail records no exports.</param>
/// <param name="Ticketed">Null while the trail records no tickets.</param>
public sealed record IncidentRow(
    string Id,
    string Title,
    string Severity,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? ClosedAt,
    long Requests,
    long Refusals,
    string Origin,
    TimeSpan? AlertToIncident,
    TimeSpan? ToFirstReadOnly,
    TimeSpan? ToFirstChange,
    TimeSpan? ToMitigation,
    TimeSpan? ToResolution,
    bool? Exported,
    bool? Ticketed);

/// <param name="Stat">Null (no data) when the milestone rests on an event kind the trail does not record.</param>
public sealed record MilestoneRow(string Milestone, DurationStat? Stat);
