namespace ChatNetOps.Core.Audit.Checkpoints;

/// <summary>A stored record that is not a checkpoint this log can rely on, and why (it is left out of the state).</summary>
public sealed record CheckpointProblem(long Position, string Location, string Problem)
{
    public override string ToString() => $"{Location}: {Problem}";
}
