namespace ChatNetOps.Core.ChangeRecords;

using System.Globalization;
using ChatNetOps.Core.Audit;

/// <summary>The one-line ticket status chat cards, <c>incident show</c> and exports print for an incident.</summary>
public static class ChangeRecordStatus
{
    /// <summary>
    /// <c>ServiceNow CHG0031234 https://…</c> once the ticket exists (with "n events pending" while some wait),
    /// <c>ServiceNow: pending (n events queued)</c> before, a held note when an event is dead; null when the incident has
    /// nothing in the outbox. The incident's verified audit chain is compared with the outbox: an event of a kind in
    /// <paramref name="kinds"/> that the sink has no entry for (recorded while no sink was configured) is named as not
    /// sent, so the status never says "all events sent" for an event the ticket did not receive.
    /// </summary>
    public static async Task<string?> DescribeAsync(IChangeRecordStore store, IAuditLog audit, IReadOnlySet<AuditKind> kinds, string incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(kinds);
        var links = await store.ListLinksAsync(incident, cancellationToken);
        var entries = await store.ListByIncidentAsync(incident, cancellationToken);
        var sinks = links.Select(l => l.Sink).Concat(entries.Select(e => e.Sink)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (sinks.Length == 0)
        {
            return null;
        }

        var wanted = new List<AuditEvent>();
        await AuditVerifier.VerifyChainAsync(incident, audit.ReadAsync(incident, cancellationToken), [], e =>
        {
            if (kinds.Contains(e.Kind))
            {
                wanted.Add(e);
            }
        }, cancellationToken);

        var parts = new List<string>();
        foreach (var sink in sinks)
        {
            var link = links.FirstOrDefault(l => l.Sink == sink);
            var pending = entries.Count(e => e.Sink == sink && e.State == OutboxState.Pending);
            var dead = entries.Count(e => e.Sink == sink && e.State == OutboxState.Dead);
            var queued = entries.Where(e => e.Sink == sink).Select(e => e.Sequence).ToHashSet();
            var unsent = wanted.Where(e => !queued.Contains(e.Sequence)).ToList();
            var text = link is { State: ChangeRecordLinkState.Created, Ticket: { } ticket }
                ? $"{sink} {ticket.Number}{(ticket.Url is null ? string.Empty : " " + ticket.Url)}"
                : pending + dead + unsent.Count == 0 ? $"{sink}: all events sent" : $"{sink}: pending";
            if (pending > 0)
            {
                text += string.Create(CultureInfo.InvariantCulture, $" ({pending} event(s) pending)");
            }

            if (dead > 0)
            {
                text += string.Create(CultureInfo.InvariantCulture, $" ({dead} event(s) failed and hold the rest: chatnetops changes dead)");
            }

            if (unsent.Count > 0)
            {
                text += string.Create(CultureInfo.InvariantCulture, $" ({unsent.Count} event(s) not sent: {Name(unsent)}; recorded while no change-record sink was configured, they are sent when the bot or 'chatnetops chat' next starts with ChangeRecords:Sink={sink})");
            }

            parts.Add(text);
        }

        return string.Join("; ", parts);
    }

    private static string Name(List<AuditEvent> events)
    {
        const int Shown = 5;
        var names = string.Join(", ", events.Take(Shown).Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Kind} #{e.Sequence}")));
        return events.Count > Shown ? string.Create(CultureInfo.InvariantCulture, $"{names} and {events.Count - Shown} more") : names;
    }

    /// <summary>
    /// The incident's tickets that exist (<c>ServiceNow CHG0031234 https://…</c>, several joined by "; "), for result
    /// cards; null when the incident has none yet (or <paramref name="incident"/> is null).
    /// </summary>
    public static async Task<string?> TicketsAsync(IChangeRecordStore? store, string? incident, CancellationToken cancellationToken)
    {
        if (store is null || incident is null)
        {
            return null;
        }

        var created = (await store.ListLinksAsync(incident, cancellationToken))
            .Where(l => l is { State: ChangeRecordLinkState.Created, Ticket: not null })
            .OrderBy(l => l.Sink, StringComparer.Ordinal)
            .Select(l => $"{l.Sink} {l.Ticket!.Number}{(l.Ticket.Url is null ? string.Empty : " " + l.Ticket.Url)}")
            .ToArray();
        return created.Length == 0 ? null : string.Join("; ", created);
    }
}
