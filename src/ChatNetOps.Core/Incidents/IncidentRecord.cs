namespace ChatNetOps.Core.Incidents;

using ChatNetOps.Core.Requests;

/// <summary>The incident as its verified chain records it (IncidentOpened, ConversationBound, IncidentClosed).</summary>
public sealed record IncidentRecord(string Id)
{
    public string? Title { get; init; }

    public int? Severity { get; init; }

    public Actor? OpenedBy { get; init; }

    public DateTimeOffset? OpenedAt { get; init; }

    public Actor? ClosedBy { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Bound conversations as <c>platform conversation-id</c>, in the order they were bound.</summary>
    public IReadOnlyList<string> Conversations { get; init; } = [];

    public IncidentState State => ClosedAt is null ? IncidentState.Open : IncidentState.Closed;
}
