namespace ChatNetOps.Core.Incidents;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Requests;

public sealed class IncidentTimelineBuilder(IIncidentStore incidents, IRequestStore requests, IRequestCardStore requestCards, IAuditLog audit, AuditVerifier verifier)
{
    public async Task<IncidentTimeline> BuildAsync(string incidentId, CancellationToken cancellationToken)
    {
        var id = incidentId.Trim().ToUpperInvariant();
        var incident = await incidents.GetAsync(id, cancellationToken);
        var runs = (await requests.ListByIncidentAsync(id, cancellationToken)).OrderBy(r => r.CreatedAt).ToArray();
        var events = new List<AuditEvent>();
        await foreach (var e in audit.ReadAsync(id, cancellationToken))
        {
            events.Add(e);
        }

        var cards = new Dictionary<string, RequestCard>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            if (await requestCards.GetAsync(run.Id, cancellationToken) is { } card)
            {
                cards[run.Id] = card;
            }
        }

        var chain = await verifier.VerifyAsync(id, cancellationToken);
        return new IncidentTimeline(id, incident, runs, events, chain) { Cards = cards };
    }
}
