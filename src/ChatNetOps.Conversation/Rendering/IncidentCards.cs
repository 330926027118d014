namespace ChatNetOps.Conversation.Rendering;

using System.Globalization;
using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Requests;
using static ChatNetOps.Conversation.Rendering.CardData;

/// <summary>An incident's cards: incident-summary and timeline (data contracts: cards/README.md).</summary>
internal sealed class IncidentCards(CardTemplates templates)
{
    /// <summary>
    /// The severity confirmation (one template per decision kind): pending with its buttons, as decided, or expired with
    /// nothing decided. It carries the proposal's id (<see cref="OutboundMessage.RequestId"/>), so the adapter that posts it
    /// attaches the message and a later decision or expiry updates that message in place.
    /// </summary>
    public OutboundMessage SeverityConfirmation(SeverityProposal proposal, IReadOnlyList<Core.Policy.Member> confirmers)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(confirmers);
        var state = proposal.Decision switch { null when proposal.ExpiredAt is not null => "expired", null => "pending", { Approved: true } => "confirmed", _ => "rejected" };
        var names = confirmers.Count == 0 ? (proposal.Decision is null ? "nobody (no member holds a confirming role here)" : "-") : string.Join(", ", confirmers.Select(m => m.DisplayName));
        var data = new JsonObject
        {
            ["incidentId"] = proposal.Incident,
            ["from"] = proposal.From,
            ["to"] = proposal.To,
            ["state"] = state,
            ["proposedBy"] = Person(proposal.ProposedBy),
            ["confirmers"] = names,
            ["expiresAt"] = Formats.Time(proposal.ExpiresAt),
            ["hash"] = proposal.Hash,
        };
        if (proposal.Decision is { } decision)
        {
            data["decidedBy"] = Person(decision.By);
        }

        if (state == "expired")
        {
            // The deadline, not when the sweeper noticed it (a request's expiry says its deadline too).
            data["expiredAt"] = Formats.Time(proposal.ExpiresAt);
            data["proposedAt"] = Formats.Time(proposal.ProposedAt);
        }

        var text = proposal.Decision switch
        {
            null when proposal.ExpiredAt is not null => $"The proposal to make {proposal.Incident} severity {proposal.To} expired at {Formats.Time(proposal.ExpiresAt)}: "
                + $"nobody confirmed or rejected it since {proposal.ProposedBy.DisplayName} proposed it at {Formats.Time(proposal.ProposedAt)}, so {proposal.Incident} stays severity {proposal.From}. Propose it again if it still applies.",
            null => $"{proposal.ProposedBy.DisplayName} proposes severity {proposal.To} for {proposal.Incident} (now {proposal.From}); confirmers: {names}. It changes once one of them confirms, before {Formats.Time(proposal.ExpiresAt)}.",
            { Approved: true } d => $"{proposal.Incident} is now severity {proposal.To}: confirmed by {d.By.DisplayName}.",
            var d => $"{proposal.Incident} stays severity {proposal.From}: the change to {proposal.To} was rejected by {d.By.DisplayName}.",
        };
        return templates.CardMessage(CardNames.SeverityConfirmation, data, text) with { RequestId = proposal.Id };
    }

    public OutboundMessage IncidentSummary(Incident incident, IReadOnlyList<RunRequest> requests, IReadOnlyList<DeviceLock> locks, string? ticket = null)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var mine = locks.Where(l => string.Equals(l.Incident, incident.Id, StringComparison.OrdinalIgnoreCase)).ToArray();
        var runs = requests.OrderByDescending(r => r.UpdatedAt).ToArray();
        var recent = CardLimits.Cap(runs, CardLimits.ListedItems);
        var data = new JsonObject
        {
            ["incidentId"] = incident.Id,
            ["title"] = incident.Title,
            ["status"] = incident.State == IncidentState.Open ? $"open (sev {incident.Severity})" : $"closed {Formats.Time(incident.ClosedAt ?? incident.OpenedAt)}",
            ["openedAt"] = Formats.Time(incident.OpenedAt) + $" by {incident.OpenedBy.DisplayName}",
            ["channel"] = string.Join(", ", incident.Conversations.Select(Formats.Conversation)),
            ["requests"] = new JsonObject
            {
                ["total"] = requests.Count,
                ["succeeded"] = requests.Count(r => r.Status == RequestStatus.Succeeded),
                ["failed"] = requests.Count(r => r.Status is RequestStatus.Failed or RequestStatus.TimedOut or RequestStatus.Interrupted),
                ["pending"] = requests.Count(r => r.Status is RequestStatus.AwaitingApproval or RequestStatus.Queued or RequestStatus.Running or RequestStatus.Requested),
            },
            ["locks"] = new JsonArray([.. CardLimits.Cap(mine, CardLimits.ListedItems).Items.Select(l => (JsonNode?)new JsonObject
            {
                ["device"] = l.Device,
                ["runbook"] = l.Runbook,
                ["operator"] = l.Owner.DisplayName,
                ["since"] = Formats.Time(l.AcquiredAt),
            })]),
            ["recentRuns"] = new JsonArray([.. recent.Items.Select(r => (JsonNode?)new JsonObject
            {
                ["time"] = Formats.Time(r.UpdatedAt),
                ["runbook"] = r.Runbook,
                ["device"] = DeviceText(r.Targets),
                ["status"] = Formats.StatusLabel(r.Status),
                ["actor"] = r.Requester.DisplayName,
            })]),
            ["runsTotal"] = runs.Length,
        };
        if (ticket is not null)
        {
            data["ticket"] = ticket;
        }

        if (incident.State == IncidentState.Closed)
        {
            data["status"] = $"closed {Formats.Time(incident.ClosedAt ?? incident.OpenedAt)}{(incident.ClosedBy is { } by ? $" by {by.DisplayName}" : string.Empty)}";
            if (incident.Resolution is { Length: > 0 } resolution)
            {
                data["resolution"] = resolution;
            }
        }

        return templates.CardMessage(CardNames.IncidentSummary, data,
            $"{incident.Id}: {incident.Title} ({(incident.State == IncidentState.Open ? "open" : "closed")}); {requests.Count} requests, {mine.Length} device locks.{(ticket is null ? string.Empty : $" Ticket: {ticket}.")}");
    }

    /// <summary>
    /// One page of the timeline (<see cref="CardLimits.ListedItems"/> events; <paramref name="page"/> counts from 1 and
    /// is clamped to the last page), stating the page and the total, with a "More" button while pages follow.
    /// </summary>
    public OutboundMessage Timeline(IncidentTimeline timeline, int page = 1)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var events = timeline.Events;
        var pages = Math.Max(1, (events.Count + CardLimits.ListedItems - 1) / CardLimits.ListedItems);
        page = Math.Clamp(page, 1, pages);
        var offset = (page - 1) * CardLimits.ListedItems;
        var shown = events.Skip(offset).Take(CardLimits.ListedItems).ToArray();
        var chain = timeline.Chain.IsIntact ? "audit chain " + timeline.Verdict : $"AUDIT CHAIN BROKEN at sequence {timeline.Chain.FirstBroken?.Sequence}: {timeline.Chain.Problem}";
        var data = new JsonObject
        {
            ["incidentId"] = timeline.IncidentId,
            ["offset"] = offset,
            ["total"] = events.Count,
            ["page"] = page,
            ["pages"] = pages,
            ["events"] = new JsonArray([.. shown.Select(e => (JsonNode?)new JsonObject
            {
                ["time"] = Formats.Time(e.Timestamp),
                ["kind"] = e.Kind.ToString(),
                ["actor"] = e.Actor.DisplayName,
                ["summary"] = Cut(Summary(e), 300),
            })]),
            ["auditChain"] = new JsonObject
            {
                ["intact"] = timeline.Chain.IsIntact,
                ["summary"] = chain[0..1].ToUpperInvariant() + chain[1..] + string.Create(CultureInfo.InvariantCulture, $" ({timeline.Chain.Events} events verified)."),
            },
        };
        var paging = pages == 1
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $" Page {page} of {pages} (events {offset + 1} to {offset + shown.Length})")
              + (page < pages ? $"; next: timeline {timeline.IncidentId} page {page + 1}." : ".");
        return templates.CardMessage(CardNames.Timeline, data, $"Timeline of {timeline.IncidentId}: {events.Count} events; {chain}.{paging}");
    }

    private static string Summary(AuditEvent e)
    {
        var parts = new List<string>();
        if (e.Runbook is not null)
        {
            parts.Add(e.Device is null ? e.Runbook : $"{e.Runbook} on {e.Device}");
        }
        else if (e.Device is not null)
        {
            parts.Add(e.Device);
        }

        if (e.RequestId is not null)
        {
            parts.Add(e.RequestId);
        }

        // A severity decision says which change it is about; an alert event names its rule (its summary follows).
        if (e.Details.TryGetValue("from", out var from) && e.Details.TryGetValue("to", out var to))
        {
            parts.Add($"severity {from} → {to}");
        }

        if (e.Kind is AuditKind.AlertReceived or AuditKind.AlertResolved && e.Details.TryGetValue("rule", out var rule) && rule.Length > 0)
        {
            parts.Add(e.Details.TryGetValue("status", out var status) && status.Length > 0 ? $"{rule} {status.ToLowerInvariant()}" : rule);
        }

        foreach (var key in new[] { "reason", "message", "title", "summary", "returnCode", "outputSha256", "approvalHash" })
        {
            if (e.Details.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value))
            {
                parts.Add(key is "outputSha256" or "approvalHash" ? $"{key} {value[..Math.Min(12, value.Length)]}…" : key is "message" or "title" or "reason" or "summary" ? value : $"{key} {value}");
            }
        }

        return parts.Count == 0 ? e.Kind.ToString() : string.Join(" · ", parts);
    }
}
