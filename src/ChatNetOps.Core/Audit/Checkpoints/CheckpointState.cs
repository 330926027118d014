namespace ChatNetOps.Core.Audit.Checkpoints;

/// <summary>
/// What the checkpoint log commits, as read and verified so far: the head of every anchored partition after the latest
/// checkpoint that verifies, and every record that did not verify.
/// </summary>
public sealed record CheckpointState
{
    public static CheckpointState Empty { get; } = new();

    /// <summary>The first position read (1 unless reading started at a later full checkpoint).</summary>
    public long FirstPosition { get; init; } = 1;

    /// <summary>The last position read, whether or not its record verified.</summary>
    public long ReadThrough { get; init; }

    /// <summary>The latest checkpoint that verifies, or null when none does.</summary>
    public AuditCheckpoint? Latest { get; init; }

    /// <summary>Where <see cref="Latest"/> is stored.</summary>
    public string? LatestLocation { get; init; }

    /// <summary>How many checkpoints verified.</summary>
    public long Verified { get; init; }

    /// <summary>Every anchored partition's head, by partition.</summary>
    public IReadOnlyDictionary<string, ChainHead> Heads { get; init; } = new Dictionary<string, ChainHead>(StringComparer.Ordinal);

    /// <summary>Every event any verified checkpoint anchored, by partition, in sequence order (only when asked to keep them).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<AnchorPoint>> AnchorPoints { get; init; } = new Dictionary<string, IReadOnlyList<AnchorPoint>>(StringComparer.Ordinal);

    public IReadOnlyList<CheckpointProblem> Problems { get; init; } = [];

    /// <summary>The MAC the next checkpoint links to.</summary>
    public string PreviousMac => Latest?.Mac ?? AuditCheckpointCodec.Genesis;

    /// <summary>The anchor points of one partition: those kept, or else its latest head.</summary>
    public IReadOnlyList<AnchorPoint> AnchorsOf(string partition) =>
        AnchorPoints.TryGetValue(partition, out var points) ? points
        : Heads.TryGetValue(partition, out var head) ? [new AnchorPoint(head.Sequence, head.Hash, Latest?.Sequence ?? 0)]
        : [];
}
