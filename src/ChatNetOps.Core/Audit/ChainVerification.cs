namespace ChatNetOps.Core.Audit;

using ChatNetOps.Core.Audit.Checkpoints;

/// <summary>The result of recomputing one partition's chain, and of checking it against the checkpoints that anchor it.</summary>
/// <param name="Events">Events that verified (before the first broken one, if any).</param>
/// <param name="FirstBroken">The first event whose hash, link, sequence or anchor does not hold; null when the chain is intact or lost its tail.</param>
/// <param name="Problem">What is wrong, naming what was done (altered, missing, out of order, rewritten, truncated); null when intact.</param>
public sealed record ChainVerification(string Partition, long Events, AuditEvent? FirstBroken, string? Problem)
{
    public bool IsIntact => FirstBroken is null && Problem is null;

    /// <summary>The last event a checkpoint anchored that the chain still holds unchanged; 0 when none is anchored.</summary>
    public long AnchoredThrough { get; init; }

    /// <summary>The head the latest checkpoint commits for this partition, when one does.</summary>
    public AnchorPoint? Anchor { get; init; }

    /// <summary>Events after the last anchored one: intact, but nothing outside the store vouches for them yet.</summary>
    public long NotYetAnchored => IsIntact ? Events - AnchoredThrough : 0;
}
