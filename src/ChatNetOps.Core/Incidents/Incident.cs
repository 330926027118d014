namespace ChatNetOps.Core.Incidents;

using ChatNetOps.Core.Requests;

/// <summary>An incident and the conversations bound to it.</summary>
public sealed record Incident(string Id, string Title, int Severity, IncidentState State, Actor OpenedBy, DateTimeOffset OpenedAt)
{
    public IReadOnlyList<ConversationRef> Conversations { get; init; } = [];

    public Actor? ClosedBy { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>What resolved it, given with <c>incident close "…"</c>; the export carries it to the change ticket.</summary>
    public string? Resolution { get; init; }

    /// <summary>A new severity waiting for confirmation (a <see cref="Requests.DecisionKind.SeverityConfirmation"/>).</summary>
    public SeverityProposal? PendingSeverity { get; init; }

    /// <summary>The last severity proposal decided, with its decision: who won a race is told to the others.</summary>
    public SeverityProposal? DecidedSeverity { get; init; }

    /// <summary>The alert groups this incident was opened for or attached to (empty for incidents opened in chat).</summary>
    public IReadOnlyList<Alerts.AlertGroupRef> AlertGroups { get; init; } = [];

    public string? ETag { get; init; }
}
