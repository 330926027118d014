namespace ChatNetOps.Core.Incidents;

using ChatNetOps.Core.Requests;

public abstract record IncidentOutcome
{
    private IncidentOutcome()
    {
    }

    /// <summary>A new incident, bound to the conversation it was opened in.</summary>
    public sealed record Opened(Incident Incident) : IncidentOutcome;

    /// <summary>The incident existed; this conversation is now bound to it too.</summary>
    public sealed record Bound(Incident Incident) : IncidentOutcome;

    /// <summary>Closed; <see cref="Cancelled"/> are the requests that had not started and were cancelled with it.</summary>
    public sealed record Closed(Incident Incident) : IncidentOutcome
    {
        public IReadOnlyList<RunRequest> Cancelled { get; init; } = [];
    }

    /// <summary><c>incident close</c> without a resolution note: nothing was closed or recorded; ask for the note.</summary>
    public sealed record NeedsResolution(Incident Incident) : IncidentOutcome;

    /// <summary>A read-only run done before the incident (or outside it) is now part of its story.</summary>
    public sealed record Attached(Incident Incident, RunRequest Run) : IncidentOutcome;

    /// <summary>Refused; recorded as a denial.</summary>
    public sealed record Refused(string Message) : IncidentOutcome;
}
