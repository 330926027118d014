namespace ChatNetOps.Core.Incidents;

public abstract record IncidentOutcome
{
    private IncidentOutcome()
    {
    }

    /// <summary>A new incident, bound to the conversation it was opened in.</summary>
    public sealed record Opened(Incident Incident) : IncidentOutcome;

    /// <summary>The incident existed; this conversation is now bound to it too.</summary>
    public sealed record Bound(Incident Incident) : IncidentOutcome;

    public sealed record Closed(Incident Incident) : IncidentOutcome;

    /// <summary>Refused; recorded as a denial.</summary>
    public sealed record Refused(string Message) : IncidentOutcome;
}
