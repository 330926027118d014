namespace ChatNetOps.Core.Audit;

using ChatNetOps.Core.Audit.Checkpoints;

/// <summary>A partition a checkpoint anchors that the store no longer holds: its chain was deleted.</summary>
public sealed record MissingPartition(string Partition, AnchorPoint Anchor)
{
    public string Problem => $"deleted: checkpoint #{Anchor.Checkpoint} anchors {Anchor.Sequence} event(s) in {Partition}, and the store holds none";
}
