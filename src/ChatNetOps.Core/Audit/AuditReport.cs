namespace ChatNetOps.Core.Audit;

using ChatNetOps.Core.Audit.Checkpoints;

/// <summary>Every chain of the store checked against the checkpoint log: what <c>audit verify</c> reports.</summary>
public sealed record AuditReport(IReadOnlyList<ChainVerification> Chains, IReadOnlyList<MissingPartition> Missing, CheckpointState Checkpoints)
{
    /// <summary>Every chain intact and consistent with its anchors, no anchored partition missing, every checkpoint sound.</summary>
    public bool IsIntact => Chains.All(c => c.IsIntact) && Missing.Count == 0 && Checkpoints.Problems.Count == 0;

    public long Events => Chains.Sum(c => c.Events);

    public long NotYetAnchored => Chains.Sum(c => c.NotYetAnchored);
}
