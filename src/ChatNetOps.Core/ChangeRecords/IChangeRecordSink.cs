namespace ChatNetOps.Core.ChangeRecords;

/// <summary>
/// A system of record that receives an incident's curated record (a ServiceNow change, a Jira issue, a signed webhook).
/// The dispatcher calls it one event at a time, per incident in order, and keeps the incident ↔ ticket mapping itself:
/// a sink that keeps a ticket is asked to <see cref="CreateAsync"/> only after the mapping row exists in the
/// <see cref="ChangeRecordLinkState.Creating"/> state, and to <see cref="FindAsync"/> before creating again when a
/// crash left it there. Failures are <see cref="ChangeRecordException"/>s (transient or permanent); anything else
/// thrown is treated as transient.
/// </summary>
public interface IChangeRecordSink
{
    /// <summary>The sink's name as in <c>ChangeRecords:Sink</c> (<c>ServiceNow</c>, <c>Jira</c>, <c>Webhook</c>).</summary>
    string Name { get; }

    /// <summary>True when the sink keeps one ticket per incident (create, then append, then close).</summary>
    bool KeepsTicket { get; }

    /// <summary>
    /// While the remote system's rate limit is used up (it said so in its answers), when the sink may send again; the
    /// dispatcher leaves the sink's events alone until then. Null when the sink is not paused.
    /// </summary>
    DateTimeOffset? PausedUntil => null;

    /// <summary>
    /// After a crash between "created" and "stored": the ticket this incident already has in the remote system, or
    /// null when it has none (or the sink cannot look it up reliably).
    /// </summary>
    Task<TicketRef?> FindAsync(ChangeRecordContext context, CancellationToken cancellationToken);

    /// <summary>Creates the incident's ticket from the event that opened the record.</summary>
    Task<TicketRef> CreateAsync(ChangeRecordContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Adds the event to the ticket (a work note, a comment, a webhook call). When
    /// <see cref="ChangeRecordContext.MayHaveBeenSent"/> is set, an earlier attempt may have reached the remote system:
    /// the sink checks before adding it again.
    /// </summary>
    Task AppendAsync(ChangeRecordContext context, TicketRef? ticket, CancellationToken cancellationToken);

    /// <summary>Closes the ticket (the incident was closed), with a code and notes derived from the results.</summary>
    Task CloseAsync(ChangeRecordContext context, TicketRef ticket, CancellationToken cancellationToken);
}
