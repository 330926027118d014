namespace ChatNetOps.Core.ChangeRecords;

using ChatNetOps.Core.Audit;
using Microsoft.Extensions.Logging;

/// <summary>
/// The audit log with the change-record outbox behind it: recording an incident event a sink subscribes to queues it in
/// the outbox before the append returns, so nothing that reaches the chat is missing from the ticket. A failure to queue
/// does not undo the audit event (it is the record of what happened); the dispatcher catches up from the incident's
/// audit chain when it next starts (<see cref="ChangeRecordDispatcher.CatchUpAsync"/>).
/// </summary>
public sealed class ChangeRecordAuditLog(
    IAuditLog inner,
    IChangeRecordStore store,
    ChangeRecordSubscription subscription,
    ChangeRecordSignal signal,
    TimeProvider time,
    ILogger<ChangeRecordAuditLog> logger) : IAuditLog
{
    public async Task<AuditEvent> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var recorded = await inner.AppendAsync(entry, cancellationToken);
        if (recorded.Incident is null || !subscription.Wants(recorded.Kind))
        {
            return recorded;
        }

        foreach (var sink in subscription.Sinks)
        {
            try
            {
                var now = time.GetUtcNow();
                await store.TryEnqueueAsync(new OutboxEntry(sink, recorded, now) { NextAttemptAt = now }, CancellationToken.None);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                subscription.MissedOne();
                Log.EnqueueFailed(logger, recorded.Id, sink, e.GetType().Name);
            }
        }

        signal.Wake();
        return recorded;
    }

    public IAsyncEnumerable<AuditEvent> ReadAsync(string partition, CancellationToken cancellationToken) => inner.ReadAsync(partition, cancellationToken);

    public Task<IReadOnlyList<string>> ListPartitionsAsync(CancellationToken cancellationToken) => inner.ListPartitionsAsync(cancellationToken);
}
