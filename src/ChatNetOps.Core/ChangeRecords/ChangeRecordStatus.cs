namespace ChatNetOps.Core.ChangeRecords;

using System.Globalization;

/// <summary>The one-line ticket status chat cards, <c>incident show</c> and exports print for an incident.</summary>
public static class ChangeRecordStatus
{
    /// <summary>
    /// <c>ServiceNow CHG0031234 https://…</c> once the ticket exists (with "n events pending" while some wait),
    /// <c>ServiceNow: pending (n events queued)</c> before, a held note when an event is dead; null when the incident has
    /// nothing in the outbox.
    /// </summary>
    public static async Task<string?> DescribeAsync(IChangeRecordStore store, string incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var links = await store.ListLinksAsync(incident, cancellationToken);
        var entries = await store.ListByIncidentAsync(incident, cancellationToken);
        var sinks = links.Select(l => l.Sink).Concat(entries.Select(e => e.Sink)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (sinks.Length == 0)
        {
            return null;
        }

        var parts = new List<string>();
        foreach (var sink in sinks)
        {
            var link = links.FirstOrDefault(l => l.Sink == sink);
            var pending = entries.Count(e => e.Sink == sink && e.State == OutboxState.Pending);
            var dead = entries.Count(e => e.Sink == sink && e.State == OutboxState.Dead);
            var text = link is { State: ChangeRecordLinkState.Created, Ticket: { } ticket }
                ? $"{sink} {ticket.Number}{(ticket.Url is null ? string.Empty : " " + ticket.Url)}"
                : pending + dead == 0 ? $"{sink}: all events sent" : $"{sink}: pending";
            if (pending > 0)
            {
                text += string.Create(CultureInfo.InvariantCulture, $" ({pending} event(s) pending)");
            }

            if (dead > 0)
            {
                text += string.Create(CultureInfo.InvariantCulture, $" ({dead} event(s) failed and hold the rest: chatnetops changes dead)");
            }

            parts.Add(text);
        }

        return string.Join("; ", parts);
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
