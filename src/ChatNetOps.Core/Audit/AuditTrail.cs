namespace ChatNetOps.Core.Audit;

using System.Collections.Concurrent;
using ChatNetOps.Core.Audit.Checkpoints;

/// <summary>
/// Appends hash-chained events on top of an <see cref="IAuditStore"/>: the next sequence is taken by a conditional
/// create, so concurrent writers on one partition (other processes included) never leave a gap or fork the chain.
/// Within this process, appends to one partition take turns, so they do not race each other for the head of the
/// chain (a fan-out over 100 devices otherwise burnt ~20 conflicting attempts per event); the conditional create
/// still settles races with other processes.
/// With an <see cref="AuditAnchor"/>, every appended event is reported to it so a keyed checkpoint outside the store
/// anchors it; closing an incident writes a checkpoint before the append returns.
/// </summary>
public sealed class AuditTrail(IAuditStore store, TimeProvider time, AuditAnchor? anchor = null) : IAuditLog
{
    private const int MaxAttempts = 64;

    // Last known head per partition: a hint that saves a read; a conflict falls back to reading the store.
    private readonly ConcurrentDictionary<string, AuditEvent> _heads = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _turns = new(StringComparer.Ordinal);

    public async Task<AuditEvent> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var partition = AuditPartitions.For(entry.Incident, time.GetUtcNow());
        var turn = _turns.GetOrAdd(partition, static _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(cancellationToken);
        AuditEvent appended;
        try
        {
            appended = await AppendInTurnAsync(entry, partition, cancellationToken);
        }
        finally
        {
            turn.Release();
        }

        if (anchor is not null)
        {
            anchor.Observe(appended);
            if (appended.Kind == AuditKind.IncidentClosed)
            {
                // A closed incident is anchored at once; a failure is logged and the next checkpoint includes it.
                await anchor.TryCheckpointAsync(AuditCheckpointReason.IncidentClosed, cancellationToken);
            }
        }

        return appended;
    }

    private async Task<AuditEvent> AppendInTurnAsync(AuditEntry entry, string partition, CancellationToken cancellationToken)
    {
        var head = _heads.TryGetValue(partition, out var cached) ? cached : await store.GetLastAsync(partition, cancellationToken);

        // Losing to a writer that moved the head on is progress, so only attempts that saw the head stand still count:
        // a writer with a fresh cached head wins races often, and counting every loss starved the others.
        for (var stalled = 0; stalled < MaxAttempts;)
        {
            var candidate = Build(entry, partition, head, time.GetUtcNow());
            if (await store.TryAppendAsync(candidate, cancellationToken))
            {
                _heads[partition] = candidate;
                return candidate;
            }

            var latest = await store.GetLastAsync(partition, cancellationToken);
            stalled = (latest?.Sequence ?? 0) > (head?.Sequence ?? 0) ? 0 : stalled + 1;
            head = latest;
        }

        throw new InvalidOperationException(
            $"Could not append to audit partition '{partition}': {MaxAttempts} attempts failed without the partition moving on; the audit store is rejecting writes.");
    }

    public IAsyncEnumerable<AuditEvent> ReadAsync(string partition, CancellationToken cancellationToken) =>
        store.ReadAsync(partition, cancellationToken);

    public Task<IReadOnlyList<string>> ListPartitionsAsync(CancellationToken cancellationToken) =>
        store.ListPartitionsAsync(cancellationToken);

    private static AuditEvent Build(AuditEntry entry, string partition, AuditEvent? head, DateTimeOffset now)
    {
        var sequence = (head?.Sequence ?? 0) + 1;
        var unsigned = new AuditEvent(
            Id: $"{partition}:{sequence:D10}",
            Partition: partition,
            Sequence: sequence,
            Timestamp: now,
            Kind: entry.Kind,
            Actor: entry.Actor,
            RequestId: entry.RequestId,
            Runbook: entry.Runbook,
            Device: entry.Device,
            Incident: entry.Incident?.Trim().ToUpperInvariant(),
            MessageLink: entry.MessageLink,
            Details: entry.Details,
            PreviousHash: head?.Hash ?? AuditHasher.Genesis,
            Hash: string.Empty);
        return unsigned with { Hash = AuditHasher.ComputeHash(unsigned) };
    }
}
