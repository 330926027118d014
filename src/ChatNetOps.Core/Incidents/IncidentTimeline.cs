namespace ChatNetOps.Core.Incidents;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Requests;

/// <summary>An incident's full operational record: who asked, who approved, what ran where, and the audit chain behind it.</summary>
public sealed record IncidentTimeline(
    string IncidentId,
    Incident? Incident,
    IReadOnlyList<RunRequest> Requests,
    IReadOnlyList<AuditEvent> Events,
    ChainVerification Chain)
{
    /// <summary>The chat message that shows each request's card, by request id, for those that have one.</summary>
    public IReadOnlyDictionary<string, RequestCard> Cards { get; init; } = new Dictionary<string, RequestCard>();

    /// <summary>A link to the request's card when it has one with a link, else to the conversation it came from.</summary>
    public string? LinkOf(RunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Cards.TryGetValue(request.Id, out var card) && card.Link is { } link ? link : request.Origin.Link;
    }
}
