namespace ChatNetOps.Testing.Audit;

using System.Runtime.CompilerServices;
using ChatNetOps.Core.Audit;

/// <summary>
/// An audit store in memory with the port's conditional create. <see cref="Partitions"/> is open so attack tests can do
/// what an administrator of the database could: edit, delete, reorder or rewrite stored events.
/// </summary>
public sealed class MemoryAuditStore : IAuditStore
{
    private readonly Lock _gate = new();

    /// <summary>Each partition's events in stored order (the order <see cref="ReadAsync"/> returns them).</summary>
    public Dictionary<string, List<AuditEvent>> Partitions { get; } = new(StringComparer.Ordinal);

    public Task<bool> TryAppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        lock (_gate)
        {
            if (!Partitions.TryGetValue(auditEvent.Partition, out var events))
            {
                Partitions[auditEvent.Partition] = events = [];
            }

            if (events.Any(e => e.Sequence == auditEvent.Sequence))
            {
                return Task.FromResult(false);
            }

            events.Add(auditEvent);
            return Task.FromResult(true);
        }
    }

    public Task<AuditEvent?> GetLastAsync(string partition, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(Partitions.TryGetValue(partition, out var events) ? events.MaxBy(e => e.Sequence) : null);
        }
    }

    public async IAsyncEnumerable<AuditEvent> ReadAsync(string partition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<AuditEvent> copy;
        lock (_gate)
        {
            copy = Partitions.TryGetValue(partition, out var events) ? [.. events] : [];
        }

        foreach (var e in copy)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return e;
        }

        await Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListPartitionsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. Partitions.Where(p => p.Value.Count > 0).Select(p => p.Key).Order(StringComparer.Ordinal)]);
        }
    }
}
