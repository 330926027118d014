namespace ChatNetOps.Core.Audit.Checkpoints;

/// <summary>The last event of one audit partition's chain: what a checkpoint commits for that partition.</summary>
public sealed record ChainHead(string Partition, long Sequence, string Hash);
