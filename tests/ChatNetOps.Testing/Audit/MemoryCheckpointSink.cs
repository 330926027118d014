namespace ChatNetOps.Testing.Audit;

using System.Runtime.CompilerServices;
using ChatNetOps.Core.Audit.Checkpoints;

/// <summary>
/// A checkpoint log held in memory, with the same conditional append as the file and blob sinks (record n only when it
/// is the next number). <see cref="Records"/> is open so attack tests can do what someone with write access to a
/// non-WORM log could: replace, remove or re-append records.
/// </summary>
public sealed class MemoryCheckpointSink : IAuditCheckpointSink
{
    private readonly Lock _gate = new();

    public List<byte[]> Records { get; } = [];

    public string Description => "memory";

    public Task<bool> TryAppendAsync(long position, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (position <= Records.Count)
            {
                return Task.FromResult(false);
            }

            if (position > Records.Count + 1)
            {
                throw new InvalidOperationException($"Checkpoint {position} would leave a gap after {Records.Count}.");
            }

            Records.Add(content.ToArray());
            return Task.FromResult(true);
        }
    }

    public async IAsyncEnumerable<CheckpointRecord> ReadAsync(long fromPosition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<byte[]> copy;
        lock (_gate)
        {
            copy = [.. Records];
        }

        for (var i = (int)Math.Max(0, fromPosition - 1); i < copy.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new CheckpointRecord(i + 1, $"record {i + 1}", copy[i]);
        }

        await Task.CompletedTask;
    }

    public Task<CheckpointRecord?> ReadLastAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(Records.Count == 0 ? null : new CheckpointRecord(Records.Count, $"record {Records.Count}", Records[^1]));
        }
    }
}
