namespace ChatNetOps.Conversation.Tests.Dialog;

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ChatNetOps.Core.Audit;

/// <summary>An in-memory audit log for the fuzz test, where a hundred thousand denials would only slow the file store down.</summary>
internal sealed class CollectingAuditLog(TimeProvider time) : IAuditLog
{
    private long _sequence;

    public ConcurrentQueue<AuditEvent> Events { get; } = new();

    public Task<AuditEvent> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var e = new AuditEvent(Guid.NewGuid().ToString("N"), AuditPartitions.For(entry.Incident, time.GetUtcNow()), Interlocked.Increment(ref _sequence), time.GetUtcNow(),
            entry.Kind, entry.Actor, entry.RequestId, entry.Runbook, entry.Device, entry.Incident, entry.MessageLink, entry.Details, string.Empty, string.Empty);
        Events.Enqueue(e);
        return Task.FromResult(e);
    }

    public async IAsyncEnumerable<AuditEvent> ReadAsync(string partition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var e in Events.Where(e => e.Partition == partition))
        {
            yield return e;
        }
    }

    public Task<IReadOnlyList<string>> ListPartitionsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. Events.Select(e => e.Partition).Distinct()]);
}
