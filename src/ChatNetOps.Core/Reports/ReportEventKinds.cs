namespace ChatNetOps.Core.Reports;

using ChatNetOps.Core.Audit;

/// <summary>
/// The one place the report names audit event kinds that main does not record yet. Each is looked up by name in
/// <see cref="AuditKind"/>: while the kind does not exist, the metrics built on it say "no data" instead of a number;
/// once a change adds the kind (alerts, post-checks, rollbacks, exports), the report counts it without edits here.
/// </summary>
public static class ReportEventKinds
{
    /// <summary>An alert arrived from a monitoring source; its <see cref="AuditEvent.Incident"/> names the incident it opened or joined.</summary>
    public const string AlertReceived = "AlertReceived";

    /// <summary>A state-changing run's post-check passed: the first one in an incident is its mitigation.</summary>
    public const string PostCheckPassed = "PostCheckPassed";

    /// <summary>A state-changing run's post-check failed: a regression.</summary>
    public const string PostCheckFailed = "PostCheckFailed";

    /// <summary>A change was rolled back.</summary>
    public const string RolledBack = "RolledBack";

    /// <summary>An incident's record was exported.</summary>
    public const string IncidentExported = "IncidentExported";

    /// <summary>An incident's record was sent to the ticketing system.</summary>
    public const string TicketSent = "TicketSent";

    public static IReadOnlyList<string> All { get; } = [AlertReceived, PostCheckPassed, PostCheckFailed, RolledBack, IncidentExported, TicketSent];

    /// <summary>The audit kind of that name, or null while no such kind is recorded.</summary>
    public static AuditKind? Find(string name) =>
        Enum.GetNames<AuditKind>().Contains(name, StringComparer.Ordinal) ? Enum.Parse<AuditKind>(name) : null;
}
