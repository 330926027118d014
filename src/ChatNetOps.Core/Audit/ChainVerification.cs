namespace ChatNetOps.Core.Audit;

/// <summary>The result of recomputing one partition's chain.</summary>
/// <param name="FirstBroken">The first event whose hash, link or sequence does not hold; null when the chain is intact.</param>
public sealed record ChainVerification(string Partition, long Events, AuditEvent? FirstBroken, string? Problem)
{
    public bool IsIntact => FirstBroken is null && Problem is null;
}
