namespace ChatNetOps.Core.Audit;

using System.Runtime.CompilerServices;
using ChatNetOps.Core.Audit.Checkpoints;

/// <summary>
/// Recomputes every chain: sequence without gaps, each previous hash linking, each hash matching its content. Against a
/// checkpoint log it also checks that every event a checkpoint anchored still has the hash it had (a chain rewritten with
/// recomputed hashes does not), that no chain ends before the event the latest checkpoint anchors (tail truncation), and
/// that no anchored partition is gone (deletion). Events after the last anchored one are counted as not yet anchored.
/// </summary>
public sealed class AuditVerifier(IAuditLog log)
{
    public async Task<IReadOnlyList<ChainVerification>> VerifyAllAsync(CancellationToken cancellationToken)
    {
        var results = new List<ChainVerification>();
        foreach (var partition in await log.ListPartitionsAsync(cancellationToken))
        {
            results.Add(await VerifyAsync(partition, cancellationToken));
        }

        return results;
    }

    public Task<ChainVerification> VerifyAsync(string partition, CancellationToken cancellationToken) =>
        VerifyChainAsync(partition, log.ReadAsync(partition, cancellationToken), [], cancellationToken);

    /// <summary>One chain, checked against what <paramref name="checkpoints"/> anchor in it.</summary>
    public Task<ChainVerification> VerifyAsync(string partition, CheckpointState checkpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        return VerifyChainAsync(partition, log.ReadAsync(partition, cancellationToken), checkpoints.AnchorsOf(partition), cancellationToken);
    }

    /// <summary>Every chain of the store and every partition the checkpoints anchor.</summary>
    public async Task<AuditReport> VerifyAllAsync(CheckpointState checkpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        var partitions = await log.ListPartitionsAsync(cancellationToken);
        var chains = new List<ChainVerification>(partitions.Count);
        foreach (var partition in partitions)
        {
            chains.Add(await VerifyAsync(partition, checkpoints, cancellationToken));
        }

        var present = partitions.ToHashSet(StringComparer.Ordinal);
        var missing = checkpoints.Heads.Values
            .Where(h => !present.Contains(h.Partition))
            .OrderBy(h => h.Partition, StringComparer.Ordinal)
            .Select(h => new MissingPartition(h.Partition, checkpoints.AnchorsOf(h.Partition)[^1]))
            .ToList();
        return new AuditReport(chains, missing, checkpoints);
    }

    /// <summary>Walks one chain's events (in stored order) against its anchor points (in sequence order).</summary>
    public static Task<ChainVerification> VerifyChainAsync(
        string partition, IAsyncEnumerable<AuditEvent> events, IReadOnlyList<AnchorPoint> anchors, CancellationToken cancellationToken) =>
        VerifyChainAsync(partition, events, anchors, onVerified: null, cancellationToken);

    /// <summary>
    /// Walks one chain's events against its anchor points and hands each event to <paramref name="onVerified"/> once it has
    /// passed every check (sequence, partition, link, hash, anchor): a broken event and everything after it never reach it.
    /// </summary>
    public static async Task<ChainVerification> VerifyChainAsync(
        string partition, IAsyncEnumerable<AuditEvent> events, IReadOnlyList<AnchorPoint> anchors, Action<AuditEvent>? onVerified, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(anchors);
        var latest = anchors.Count == 0 ? null : anchors[^1];
        long expected = 1;
        long anchoredThrough = 0;
        var nextAnchor = 0;
        var previousHash = AuditHasher.Genesis;
        ChainVerification Broken(AuditEvent e, string problem) =>
            new(partition, expected - 1, e, problem) { AnchoredThrough = anchoredThrough, Anchor = latest };

        await using var reader = events.WithCancellation(cancellationToken).GetAsyncEnumerator();
        var more = await reader.MoveNextAsync();
        while (more)
        {
            var e = reader.Current;
            more = await reader.MoveNextAsync();
            if (e.Sequence != expected)
            {
                var next = more ? reader.Current : null;
                return Broken(e, e.Sequence > expected && next is not null && next.Sequence < e.Sequence
                    ? $"sequence {e.Sequence} where {expected} was expected: events are out of order (event {e.Sequence} is stored before event {next.Sequence})"
                    : e.Sequence > expected
                        ? $"sequence {e.Sequence} where {expected} was expected: event{(e.Sequence - expected > 1 ? $"s {expected}..{e.Sequence - 1} are" : $" {expected} is")} missing (deleted from the chain)"
                        : $"sequence {e.Sequence} where {expected} was expected: event {e.Sequence} appears again or out of order (an event is missing or inserted)");
            }

            if (!string.Equals(e.Partition, partition, StringComparison.Ordinal))
            {
                return Broken(e, $"event claims partition '{e.Partition}'");
            }

            if (!string.Equals(e.PreviousHash, previousHash, StringComparison.Ordinal))
            {
                return Broken(e, "previous hash does not link to the event before it (events were reordered, inserted or replaced)");
            }

            if (!AuditHasher.HashMatches(e))
            {
                return Broken(e, "content does not match its hash (the event was altered)");
            }

            while (nextAnchor < anchors.Count && anchors[nextAnchor].Sequence < e.Sequence)
            {
                nextAnchor++;
            }

            if (nextAnchor < anchors.Count && anchors[nextAnchor].Sequence == e.Sequence)
            {
                var anchor = anchors[nextAnchor];
                if (!string.Equals(anchor.Hash, e.Hash, StringComparison.Ordinal))
                {
                    return Broken(e, $"rewritten: event {e.Sequence}'s hash is not the one checkpoint #{anchor.Checkpoint} anchored; the chain was changed "
                        + $"{(anchoredThrough == 0 ? "at or before it" : $"after event {anchoredThrough}, at or before event {e.Sequence}")} and its hashes recomputed");
                }

                anchoredThrough = e.Sequence;
            }

            previousHash = e.Hash;
            expected++;
            onVerified?.Invoke(e);
        }

        var last = expected - 1;
        if (latest is not null && latest.Sequence > last)
        {
            return new ChainVerification(partition, last, null,
                $"tail truncated: checkpoint #{latest.Checkpoint} anchors event {latest.Sequence}, but the chain ends at event {last} "
                + $"(event{(latest.Sequence - last > 1 ? $"s {last + 1}..{latest.Sequence} were" : $" {latest.Sequence} was")} deleted)")
            { AnchoredThrough = anchoredThrough, Anchor = latest };
        }

        return new ChainVerification(partition, last, null, null) { AnchoredThrough = anchoredThrough, Anchor = latest };
    }

    /// <summary>An async sequence over a synchronous one, for callers holding events in memory.</summary>
    public static async IAsyncEnumerable<AuditEvent> From(IEnumerable<AuditEvent> events, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return e;
        }

        await Task.CompletedTask;
    }
}
