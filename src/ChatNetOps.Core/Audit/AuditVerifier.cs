namespace ChatNetOps.Core.Audit;

/// <summary>Recomputes every chain: sequence without gaps, each previous hash linking, each hash matching its content.</summary>
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

    public async Task<ChainVerification> VerifyAsync(string partition, CancellationToken cancellationToken)
    {
        long expectedSequence = 1;
        var previousHash = AuditHasher.Genesis;
        await foreach (var e in log.ReadAsync(partition, cancellationToken))
        {
            if (e.Sequence != expectedSequence)
            {
                return new ChainVerification(partition, expectedSequence - 1, e, $"sequence {e.Sequence} where {expectedSequence} was expected (an event is missing or inserted)");
            }

            if (!string.Equals(e.Partition, partition, StringComparison.Ordinal))
            {
                return new ChainVerification(partition, expectedSequence - 1, e, $"event claims partition '{e.Partition}'");
            }

            if (!string.Equals(e.PreviousHash, previousHash, StringComparison.Ordinal))
            {
                return new ChainVerification(partition, expectedSequence - 1, e, "previous hash does not link to the event before it");
            }

            var recomputed = AuditHasher.ComputeHash(e);
            if (!string.Equals(recomputed, e.Hash, StringComparison.Ordinal))
            {
                return new ChainVerification(partition, expectedSequence - 1, e, "content does not match its hash (the event was altered)");
            }

            previousHash = e.Hash;
            expectedSequence++;
        }

        return new ChainVerification(partition, expectedSequence - 1, null, null);
    }
}
