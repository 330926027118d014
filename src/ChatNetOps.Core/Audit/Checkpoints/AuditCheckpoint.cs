namespace ChatNetOps.Core.Audit.Checkpoints;

/// <summary>
/// One keyed checkpoint of the audit trail. It commits the heads of the chains that moved since the checkpoint before it
/// (<see cref="Full"/>: every chain's head), and through <see cref="State"/> the head of every partition anchored so far:
/// SHA-256 over the sorted list of all <see cref="Partitions"/> heads. <see cref="Previous"/> is the MAC of the checkpoint
/// before it, so the checkpoints form a chain of their own, and <see cref="Mac"/> is HMAC-SHA256 with the key named by
/// <see cref="KeyId"/> (a key that does not live in the audit store) over the canonical form of every other field
/// (<see cref="AuditCheckpointCodec"/>).
/// </summary>
/// <param name="Sequence">The checkpoint's number: its position in the checkpoint log, from 1.</param>
/// <param name="Writer">The host that wrote it (informative).</param>
public sealed record AuditCheckpoint(
    long Sequence,
    DateTimeOffset Timestamp,
    AuditCheckpointReason Reason,
    string Writer,
    bool Full,
    IReadOnlyList<ChainHead> Heads,
    int Partitions,
    string State,
    string Previous,
    string KeyId,
    string Mac)
{
    /// <summary>The format written by this version.</summary>
    public const int FormatVersion = 1;
}
