namespace ChatNetOps.Core.Incidents;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Requests;

/// <summary>An incident's full operational record: who asked, who approved, what ran where, and the audit chain behind it.</summary>
public sealed record IncidentTimeline(
    string IncidentId,
    Incident? Incident,
    IReadOnlyList<RunRequest> Requests,
    IReadOnlyList<AuditEvent> Events,
    ChainVerification Chain);
