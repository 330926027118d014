namespace ChatNetOps.Core.Requests;

using ChatNetOps.Core.Audit;
using Microsoft.Extensions.Logging;

/// <summary>
/// Fills <see cref="IDeviceChangeStore"/> from the audit trail once per store, for the state-changing runs that ended
/// before the projection existed (a store from before it, or one that ran without it). The journal writes the
/// projection when a run ends (<see cref="RequestJournal.AnnounceAsync"/>); this writes the same entries for the runs
/// the audit trail already holds:
/// <list type="bullet">
/// <item>Every partition is streamed through <see cref="AuditVerifier.VerifyChainAsync(string, IAsyncEnumerable{AuditEvent}, IReadOnlyList{Checkpoints.AnchorPoint}, Action{AuditEvent}?, CancellationToken)"/>,
/// so only events that passed the chain checks are used: in a chain that fails verification, the broken event and
/// everything after it are left out (logged, counted in the marker).</item>
/// <item>A run's end is its <see cref="AuditKind.Succeeded"/>, <see cref="AuditKind.Failed"/>, <see cref="AuditKind.TimedOut"/>
/// or <see cref="AuditKind.Interrupted"/> event. Its request record gives the entry, built by
/// <see cref="RequestJournal.LastChanges"/> exactly as the journal builds it (read-only runs give none); a record that is
/// gone, or names another runbook or not the event's device, is skipped and counted.</item>
/// <item>Memory stays bounded whatever the trail holds: at most <see cref="MaxPending"/> device entries (a typical
/// inventory, so each device is written about once) wait before they are written, and the last <see cref="RecentRequests"/> request ids are remembered so a fan-out's many endings read
/// its record once.</item>
/// <item>The store keeps an entry only when it is newer than the one it holds, so a run that ended since is never
/// replaced, and running the fill twice changes nothing.</item>
/// <item>The marker (<see cref="IDeviceChangeBackfillStore"/>) makes it once per store and one replica at a time: the
/// fill is claimed for <see cref="Lease"/>, renewed while it runs, and marked done at the end. A replica that finds
/// another's claim waits for it to finish or run out (a replica that died mid-way is taken over).</item>
/// </list>
/// </summary>
public sealed class DeviceChangeBackfill(
    IAuditLog audit,
    IRequestStore requests,
    IDeviceChangeStore changes,
    IDeviceChangeBackfillStore marker,
    TimeProvider time,
    ILogger<DeviceChangeBackfill> logger)
{
    public const int MaxPending = 10_000;
    public const int RecentRequests = 256;

    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private readonly TaskCompletionSource<DeviceChangeBackfillState> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TimeProvider Time => time;

    private IDeviceChangeBackfillStore Marker => marker;

    private IRequestStore Requests => requests;

    private IDeviceChangeStore Changes => changes;

    /// <summary>How many device entries wait before they are written (<see cref="MaxPending"/>; tests set fewer).</summary>
    public int PendingLimit { get; init; } = MaxPending;

    /// <summary>This replica's name in the marker.</summary>
    public string Owner { get; init; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Completes with the done marker once this replica saw the fill done (by itself or another).</summary>
    public Task<DeviceChangeBackfillState> Completed => _done.Task;

    /// <summary>
    /// Runs the fill unless the store's marker says it is done. Returns the done marker, or null when another replica
    /// holds the claim (then <see cref="DeviceChangeBackfillState.Until"/> of <see cref="IDeviceChangeBackfillStore.GetAsync"/>
    /// says when to look again) or took it over while this one was filling.
    /// </summary>
    public async Task<DeviceChangeBackfillState?> TryRunAsync(CancellationToken cancellationToken)
    {
        var state = await marker.GetAsync(cancellationToken).ConfigureAwait(false);
        if (state is { IsDone: true })
        {
            Log.BackfillAlreadyDone(logger, state.CompletedAt!.Value, state.Owner);
            _done.TrySetResult(state);
            return state;
        }

        var now = time.GetUtcNow();
        if (await marker.TryClaimAsync(Owner, now, now + Lease, cancellationToken).ConfigureAwait(false))
        {
            if (await FillAsync(cancellationToken).ConfigureAwait(false) is { } done)
            {
                _done.TrySetResult(done);
                return done;
            }

            return null;
        }

        var held = await marker.GetAsync(cancellationToken).ConfigureAwait(false);
        if (held is { IsDone: true })
        {
            _done.TrySetResult(held);
            return held;
        }

        Log.BackfillElsewhere(logger, held?.Owner ?? "another replica", held?.Until ?? now);
        return null;
    }

    /// <summary>
    /// <see cref="TryRunAsync"/> until the fill is done: while another replica holds it, looks again once its claim runs
    /// out (it renews while it works; a replica that died mid-way is taken over).
    /// </summary>
    public async Task<DeviceChangeBackfillState> RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await TryRunAsync(cancellationToken).ConfigureAwait(false) is { } done)
            {
                return done;
            }

            var held = await marker.GetAsync(cancellationToken).ConfigureAwait(false);
            var wait = held is { IsDone: false } ? held.Until - time.GetUtcNow() : TimeSpan.Zero;
            await Task.Delay(wait > TimeSpan.Zero ? wait + TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The fill itself, under this replica's claim; null when the claim was lost to another replica meanwhile.</summary>
    private async Task<DeviceChangeBackfillState?> FillAsync(CancellationToken cancellationToken)
    {
        Log.BackfillStarted(logger, Owner);
        var pass = new Pass(this, time.GetUtcNow());
        foreach (var partition in await audit.ListPartitionsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await pass.RenewIfDueAsync(cancellationToken).ConfigureAwait(false))
            {
                Log.BackfillClaimLost(logger, Owner);
                return null;
            }

            var verified = new Queue<AuditEvent>();
            var chain = await AuditVerifier.VerifyChainAsync(partition, pass.Feed(audit.ReadAsync(partition, cancellationToken), verified, cancellationToken), [], verified.Enqueue, cancellationToken).ConfigureAwait(false);
            await pass.DrainAsync(verified, cancellationToken).ConfigureAwait(false);
            if (pass.Lost)
            {
                Log.BackfillClaimLost(logger, Owner);
                return null;
            }

            if (!chain.IsIntact)
            {
                pass.BrokenChains++;
                Log.BackfillChainBroken(logger, partition, chain.Events, chain.Problem ?? "broken");
            }
        }

        await pass.FlushAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var done = new DeviceChangeBackfillState(Owner, now, now)
        {
            Events = pass.Events,
            Runs = pass.Runs,
            Recorded = pass.Recorded,
            Skipped = pass.Skipped,
            BrokenChains = pass.BrokenChains,
        };
        await marker.CompleteAsync(done, cancellationToken).ConfigureAwait(false);
        Log.BackfillFinished(logger, done.Events, done.Runs, done.Recorded, done.Skipped, done.BrokenChains);
        return done;
    }

    private static bool EndsARun(AuditKind kind) => kind is AuditKind.Succeeded or AuditKind.Failed or AuditKind.TimedOut or AuditKind.Interrupted;

    /// <summary>One fill's running state: the counts, the device entries not yet written, the recent request ids.</summary>
    private sealed class Pass(DeviceChangeBackfill owner, DateTimeOffset claimedAt)
    {
        private readonly Dictionary<string, DeviceLastChange> _pending = new(StringComparer.Ordinal);
        private readonly HashSet<string> _recent = new(StringComparer.Ordinal);
        private readonly Queue<string> _recentOrder = new();
        private DateTimeOffset _claimedAt = claimedAt;

        public long Events { get; private set; }

        public long Runs { get; private set; }

        public long Recorded { get; private set; }

        public long Skipped { get; private set; }

        public int BrokenChains { get; set; }

        public bool Lost { get; private set; }

        /// <summary>
        /// The stored events, handed to the verifier one by one; before each, the events it verified so far are used
        /// (the verifier reads one ahead, so at most two wait), so the work stays in step with the read.
        /// </summary>
        public async IAsyncEnumerable<AuditEvent> Feed(IAsyncEnumerable<AuditEvent> stored, Queue<AuditEvent> verified, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var e in stored.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                await DrainAsync(verified, cancellationToken).ConfigureAwait(false);
                if (Lost)
                {
                    yield break;
                }

                yield return e;
            }
        }

        public async Task DrainAsync(Queue<AuditEvent> verified, CancellationToken cancellationToken)
        {
            while (verified.TryDequeue(out var e))
            {
                Events++;
                if (EndsARun(e.Kind) && e.RequestId is { } id)
                {
                    await UseAsync(e, id, cancellationToken).ConfigureAwait(false);
                }
            }

            if (!Lost && !await RenewIfDueAsync(cancellationToken).ConfigureAwait(false))
            {
                Lost = true;
            }
        }

        /// <summary>Renews the claim once a third of the lease has gone by; false when another replica holds it now.</summary>
        public async Task<bool> RenewIfDueAsync(CancellationToken cancellationToken)
        {
            var now = owner.Time.GetUtcNow();
            if (now - _claimedAt < Lease / 3)
            {
                return true;
            }

            _claimedAt = now;
            return await owner.Marker.TryClaimAsync(owner.Owner, now, now + Lease, cancellationToken).ConfigureAwait(false);
        }

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            await owner.Changes.RecordAsync([.. _pending.Values], cancellationToken).ConfigureAwait(false);
            Recorded += _pending.Count;
            _pending.Clear();
        }

        private async Task UseAsync(AuditEvent end, string id, CancellationToken cancellationToken)
        {
            if (!Remember(id))
            {
                return;
            }

            var request = await owner.Requests.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (request is null
                || !string.Equals(request.Runbook, end.Runbook, StringComparison.Ordinal)
                || (end.Device is { } device && !request.Targets.Contains(device, StringComparer.OrdinalIgnoreCase)))
            {
                // Not on record, or the record is not the run this verified event ended: nothing to trust it with.
                Skipped++;
                return;
            }

            var last = RequestJournal.LastChanges(request);
            if (last.Count == 0)
            {
                return;
            }

            Runs++;
            foreach (var change in last)
            {
                var key = DeviceLastChange.KeyOf(change.Device);
                if (!_pending.TryGetValue(key, out var held) || change.IsNewerThan(held))
                {
                    _pending[key] = change;
                }
            }

            if (_pending.Count >= owner.PendingLimit)
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        private bool Remember(string id)
        {
            if (!_recent.Add(id))
            {
                return false;
            }

            _recentOrder.Enqueue(id);
            if (_recentOrder.Count > RecentRequests)
            {
                _recent.Remove(_recentOrder.Dequeue());
            }

            return true;
        }
    }
}
