namespace ChatNetOps.Core.ChangeRecords;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Requests;

/// <summary>What a sink gets for one event: the audit event, the incident and its runs as stored now.</summary>
/// <param name="MayHaveBeenSent">An earlier attempt at this event may have reached the remote system (check before adding again).</param>
public sealed record ChangeRecordContext(
    AuditEvent Event,
    Incident? Incident,
    IReadOnlyList<RunRequest> Requests,
    bool MayHaveBeenSent)
{
    public string IncidentId => Event.Incident ?? Event.Partition;

    /// <summary>A marker unique to the event, written into every note so a retry can tell whether it already landed.</summary>
    public string Marker => $"[chatnetops {Event.Id}]";
}
