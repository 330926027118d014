namespace ChatNetOps.Core.Incidents;

using ChatNetOps.Core.Requests;

/// <summary>An incident and the conversations bound to it.</summary>
public sealed record Incident(string Id, string Title, int Severity, IncidentState State, Actor OpenedBy, DateTimeOffset OpenedAt)
{
    public IReadOnlyList<ConversationRef> Conversations { get; init; } = [];

    public Actor? ClosedBy { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    public string? ETag { get; init; }
}
