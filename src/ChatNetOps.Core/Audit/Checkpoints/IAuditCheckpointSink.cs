namespace ChatNetOps.Core.Audit.Checkpoints;

/// <summary>
/// The append-only place checkpoints are written to, outside the audit store and beyond the reach of its administrators:
/// a separate file (embedded) or an Azure Blob container under a version-level immutability (WORM) policy. Records are
/// numbered from 1 without gaps; appending record n is conditional on n being the next number, so concurrent writers
/// (bot, workers, other replicas) keep one linear log.
/// </summary>
public interface IAuditCheckpointSink
{
    /// <summary>Where the checkpoints are, for the startup log and reports (a path or a container URI; never a secret).</summary>
    string Description { get; }

    /// <summary>Stores <paramref name="content"/> as record <paramref name="position"/> when that is the next number; false when a record already holds it.</summary>
    /// <exception cref="InvalidOperationException">When <paramref name="position"/> is beyond the next number (a gap).</exception>
    Task<bool> TryAppendAsync(long position, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>The records from <paramref name="fromPosition"/> on, in order.</summary>
    IAsyncEnumerable<CheckpointRecord> ReadAsync(long fromPosition, CancellationToken cancellationToken);

    /// <summary>The record with the highest position, or null when there is none.</summary>
    Task<CheckpointRecord?> ReadLastAsync(CancellationToken cancellationToken);
}
