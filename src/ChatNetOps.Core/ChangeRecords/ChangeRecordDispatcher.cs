namespace ChatNetOps.Core.ChangeRecords;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>
/// Delivers the outbox: per (sink, incident) strictly in audit-chain order, one event at a time. An attempt is claimed
/// in the store first (attempt count up, not before now + <see cref="ChangeRecordOptions.ClaimTimeout"/>), so two
/// dispatchers never send one event at once and, after a restart, the sink knows the event may already be there.
/// Transient failures back off exponentially (or wait the remote system's Retry-After) and hold back the incident's later
/// events; permanent failures, and events that exhaust <see cref="ChangeRecordOptions.MaxAttempts"/>, go to the
/// dead-letter list, where they still hold back their incident until retried, so a ticket never receives events out of
/// order. For sinks that keep a ticket, the incident ↔ ticket mapping is stored (state Creating) before the ticket is
/// created; a mapping found in that state means a crash came between "created" and "stored", and the sink is asked to
/// find the ticket before one is created again.
/// </summary>
public sealed class ChangeRecordDispatcher(
    IChangeRecordStore store,
    IEnumerable<IChangeRecordSink> sinks,
    IIncidentStore incidents,
    IRequestStore requests,
    IAuditLog audit,
    ChangeRecordSubscription subscription,
    ChangeRecordSignal signal,
    IOptions<ChangeRecordOptions> options,
    TimeProvider time,
    ILogger<ChangeRecordDispatcher> logger,
    IEnumerable<IChangeTicketListener>? listeners = null)
{
    private const int PageSize = 1000;

    private readonly Dictionary<string, IChangeRecordSink> _sinks = sinks.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DateTimeOffset> _announcedPauses = new(StringComparer.OrdinalIgnoreCase);
    private readonly IChangeTicketListener[] _listeners = [.. listeners ?? []];

    private ChangeRecordOptions Options => options.Value;

    /// <summary>
    /// One pass over the outbox: delivers every event that is due, in order per incident. Returns when the next event
    /// not delivered in this pass is due (null when nothing is pending).
    /// </summary>
    public async Task<DateTimeOffset?> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (subscription.HasMissed)
        {
            await CatchUpAsync(cancellationToken);
        }

        var dead = await store.ListAsync(OutboxState.Dead, PageSize, cancellationToken);
        var blocked = dead.Select(e => (e.Sink, e.Incident)).ToHashSet();
        var pending = await store.ListAsync(OutboxState.Pending, PageSize, cancellationToken);
        DateTimeOffset? next = null;
        foreach (var queue in pending.GroupBy(e => (e.Sink, e.Incident)))
        {
            if (blocked.Contains(queue.Key))
            {
                continue;
            }

            foreach (var entry in queue.OrderBy(e => e.Sequence))
            {
                if (entry.NextAttemptAt > time.GetUtcNow())
                {
                    next = Earliest(next, entry.NextAttemptAt);
                    break;
                }

                if (PausedUntil(entry.Sink) is { } paused)
                {
                    // The remote system's rate limit is used up: nothing of this sink is tried (or counted) before it resets.
                    next = Earliest(next, paused);
                    break;
                }

                var after = await DeliverAsync(entry, cancellationToken);
                if (after is not null)
                {
                    next = Earliest(next, after.Value);
                    break;
                }
            }
        }

        if (pending.Count == PageSize)
        {
            next = time.GetUtcNow();
        }

        return next;
    }

    /// <summary>
    /// Queues the subscribed events the outbox is missing, from each incident's verified audit chain (an event after a
    /// break in the chain is never sent): for open incidents, incidents with pending events, and incidents a sink
    /// already holds (a ticket link or any outbox entry), so events recorded while no sink was configured (a console
    /// started without <c>ChangeRecords__…</c>), or whose queueing failed after the append, reach the ticket even when
    /// the incident has closed since. Idempotent: entries are keyed by the event's sequence.
    /// </summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken)
    {
        subscription.CaughtUp();
        if (subscription.Sinks.Count == 0)
        {
            return 0;
        }

        var ids = (await incidents.ListOpenAsync(cancellationToken)).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in await store.ListAsync(OutboxState.Pending, PageSize, cancellationToken))
        {
            ids.Add(entry.Incident);
        }

        foreach (var partition in await audit.ListPartitionsAsync(cancellationToken))
        {
            if (!ids.Contains(partition) && IncidentService.IsValidId(partition)
                && ((await store.ListLinksAsync(partition, cancellationToken)).Any(l => subscription.Sinks.Contains(l.Sink, StringComparer.Ordinal))
                    || (await store.ListByIncidentAsync(partition, cancellationToken)).Any(e => subscription.Sinks.Contains(e.Sink, StringComparer.Ordinal))))
            {
                ids.Add(partition);
            }
        }

        var queued = 0;
        foreach (var id in ids)
        {
            var known = (await store.ListByIncidentAsync(id, cancellationToken)).Select(e => (e.Sink, e.Sequence)).ToHashSet();
            var missing = new List<AuditEvent>();
            var chain = await AuditVerifier.VerifyChainAsync(id, audit.ReadAsync(id, cancellationToken), [], e =>
            {
                if (e.Incident is not null && subscription.Wants(e.Kind) && subscription.Sinks.Any(sink => !known.Contains((sink, e.Sequence))))
                {
                    missing.Add(e);
                }
            }, cancellationToken);
            if (!chain.IsIntact)
            {
                Log.CatchUpStoppedAtBreak(logger, id, chain.Events);
            }

            foreach (var recorded in missing)
            {
                foreach (var sink in subscription.Sinks.Where(sink => !known.Contains((sink, recorded.Sequence))))
                {
                    var now = time.GetUtcNow();
                    queued += await store.TryEnqueueAsync(new OutboxEntry(sink, recorded, now) { NextAttemptAt = now }, cancellationToken) ? 1 : 0;
                }
            }
        }

        if (queued > 0)
        {
            Log.CaughtUp(logger, queued);
        }

        return queued;
    }

    /// <summary>Puts a dead event back in the queue (attempts reset); false when it is not dead.</summary>
    public async Task<bool> RetryAsync(string sink, string incident, long sequence, CancellationToken cancellationToken)
    {
        var entry = await store.GetAsync(sink, incident, sequence, cancellationToken);
        if (entry is not { State: OutboxState.Dead })
        {
            return false;
        }

        var retried = await store.TryReplaceAsync(
            entry with { State = OutboxState.Pending, Attempts = 0, NextAttemptAt = time.GetUtcNow(), DeadAt = null },
            entry.ETag!,
            cancellationToken);
        return retried is not null;
    }

    /// <summary>
    /// Waits (bounded by <paramref name="timeout"/>) until the incident (or, when null, every incident) has no pending
    /// event; the dispatcher running in this process does the delivering. True when nothing is left pending.
    /// </summary>
    public async Task<bool> WaitForPendingAsync(string? incident, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            signal.Wake();
            var left = incident is null
                ? (await store.ListAsync(OutboxState.Pending, 1, cancellationToken)).Count
                : (await store.ListByIncidentAsync(incident, cancellationToken)).Count(e => e.State == OutboxState.Pending);
            if (left == 0)
            {
                return true;
            }

            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }

            await Task.Delay(remaining < TimeSpan.FromMilliseconds(200) ? remaining : TimeSpan.FromMilliseconds(200), time, cancellationToken);
        }
    }

    private static DateTimeOffset Earliest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;

    private DateTimeOffset? PausedUntil(string sinkName)
    {
        if (!_sinks.TryGetValue(sinkName, out var sink) || sink.PausedUntil is not { } until || until <= time.GetUtcNow())
        {
            return null;
        }

        lock (_announcedPauses)
        {
            if (!_announcedPauses.TryGetValue(sink.Name, out var announced) || announced != until)
            {
                _announcedPauses[sink.Name] = until;
                Log.SinkPaused(logger, sink.Name, until);
            }
        }

        return until;
    }

    /// <summary>Null when delivered; otherwise when the incident's queue may move again.</summary>
    private async Task<DateTimeOffset?> DeliverAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!_sinks.TryGetValue(entry.Sink, out var sink))
        {
            await KillAsync(entry, $"No sink named '{entry.Sink}' is configured (ChangeRecords:Sink); set it back or drop the event.", cancellationToken);
            return now + Options.MaxBackoff;
        }

        var claimed = await store.TryReplaceAsync(entry with { Attempts = entry.Attempts + 1, NextAttemptAt = now + Options.ClaimTimeout }, entry.ETag!, cancellationToken);
        if (claimed is null)
        {
            // Another dispatcher took it; look again after its claim.
            return now + Options.ClaimTimeout;
        }

        try
        {
            var incident = await incidents.GetAsync(entry.Incident, cancellationToken);
            var runs = await requests.ListByIncidentAsync(entry.Incident, cancellationToken);
            var context = new ChangeRecordContext(entry.Event, incident, runs, MayHaveBeenSent: entry.Attempts > 0);
            await SendAsync(sink, context, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ChangeRecordException e)
        {
            return await FailAsync(claimed, e.Message, e.Transient, e.RetryAfter, cancellationToken);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return await FailAsync(claimed, $"{e.GetType().Name}: {e.Message}", transient: true, retryAfter: null, cancellationToken);
        }

        await store.TryReplaceAsync(claimed with { State = OutboxState.Delivered, DeliveredAt = time.GetUtcNow(), LastError = null }, claimed.ETag!, cancellationToken);
        Log.Delivered(logger, entry.Id, entry.Sink, claimed.Attempts);
        return null;
    }

    private async Task SendAsync(IChangeRecordSink sink, ChangeRecordContext context, CancellationToken cancellationToken)
    {
        if (!sink.KeepsTicket)
        {
            await sink.AppendAsync(context, null, cancellationToken);
            return;
        }

        var incident = context.IncidentId;
        var link = await store.GetLinkAsync(sink.Name, incident, cancellationToken);
        var interrupted = link is { State: ChangeRecordLinkState.Creating };
        if (link is null)
        {
            // The mapping is stored before the ticket exists: from here on a crash leaves a trace to recover from.
            link = await store.TrySaveLinkAsync(
                new ChangeRecordLink(sink.Name, incident, ChangeRecordLinkState.Creating, time.GetUtcNow()) { CreatedFrom = context.Event.Id },
                null,
                cancellationToken)
                ?? throw new ChangeRecordException($"The {sink.Name} mapping of {incident} changed while it was being created; retrying.", transient: true);
        }

        if (link.State == ChangeRecordLinkState.Creating)
        {
            TicketRef? ticket = null;
            if (interrupted)
            {
                ticket = await sink.FindAsync(context, cancellationToken);
                if (ticket is not null)
                {
                    Log.TicketFound(logger, sink.Name, ticket.Number, incident);
                }
            }

            var created = ticket is null;
            ticket ??= await sink.CreateAsync(context, cancellationToken);
            link = await store.TrySaveLinkAsync(link with { State = ChangeRecordLinkState.Created, Ticket = ticket, UpdatedAt = time.GetUtcNow() }, link.ETag, cancellationToken)
                ?? throw new ChangeRecordException($"The {sink.Name} mapping of {incident} changed while the ticket was being created; retrying.", transient: true);
            if (created)
            {
                Log.TicketCreated(logger, sink.Name, ticket.Number, incident);
            }

            await TellListenersAsync(incident, sink.Name, ticket, cancellationToken);

            if (string.Equals(link.CreatedFrom, context.Event.Id, StringComparison.Ordinal) && context.Event.Kind != AuditKind.IncidentClosed)
            {
                return;
            }
        }
        else if (string.Equals(link.CreatedFrom, context.Event.Id, StringComparison.Ordinal) && context.Event.Kind != AuditKind.IncidentClosed)
        {
            // A crash came after the mapping was completed and before the event was marked delivered.
            return;
        }

        var ticketRef = link.Ticket!;
        if (context.Event.Kind == AuditKind.IncidentClosed)
        {
            if (link.ClosedAt is null)
            {
                await sink.CloseAsync(context, ticketRef, cancellationToken);
                await store.TrySaveLinkAsync(link with { ClosedAt = time.GetUtcNow(), UpdatedAt = time.GetUtcNow() }, link.ETag, cancellationToken);
            }

            return;
        }

        await sink.AppendAsync(context, ticketRef, cancellationToken);
    }

    private async Task TellListenersAsync(string incident, string sink, TicketRef ticket, CancellationToken cancellationToken)
    {
        foreach (var listener in _listeners)
        {
            try
            {
                await listener.TicketLinkedAsync(incident, sink, ticket, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.TicketListenerFailed(logger, e, sink, ticket.Number, incident);
            }
        }
    }

    private async Task<DateTimeOffset> FailAsync(OutboxEntry claimed, string reason, bool transient, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!transient || claimed.Attempts >= Options.MaxAttempts)
        {
            await KillAsync(claimed, reason, cancellationToken);
            return now + Options.MaxBackoff;
        }

        var backoff = Backoff(claimed.Attempts);
        if (retryAfter is { } wait && wait > backoff)
        {
            backoff = wait;
        }

        var next = now + backoff;
        await store.TryReplaceAsync(claimed with { NextAttemptAt = next, LastError = reason }, claimed.ETag!, cancellationToken);
        Log.WillRetry(logger, claimed.Id, claimed.Attempts, next, reason);
        return next;
    }

    private async Task KillAsync(OutboxEntry entry, string reason, CancellationToken cancellationToken)
    {
        await store.TryReplaceAsync(entry with { State = OutboxState.Dead, DeadAt = time.GetUtcNow(), LastError = reason }, entry.ETag!, cancellationToken);
        Log.Dead(logger, entry.Id, entry.Attempts, reason);
    }

    private TimeSpan Backoff(int attempts)
    {
        var factor = Math.Pow(2, Math.Min(attempts - 1, 30));
        var ticks = Math.Min(Options.InitialBackoff.Ticks * factor, Options.MaxBackoff.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
