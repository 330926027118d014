namespace ChatNetOps.Core.Audit.Checkpoints;

/// <summary>An event a checkpoint anchored: <see cref="Sequence"/> of a partition must still hash to <see cref="Hash"/>.</summary>
/// <param name="Checkpoint">The checkpoint (its position in the log) that committed it.</param>
public sealed record AnchorPoint(long Sequence, string Hash, long Checkpoint);
