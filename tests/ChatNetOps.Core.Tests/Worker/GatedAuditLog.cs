namespace ChatNetOps.Core.Tests.Worker;

using ChatNetOps.Core.Audit;

/// <summary>An audit log that holds appends of one kind until the test releases them: a slow audit store on demand.</summary>
internal sealed class GatedAuditLog(IAuditLog inner, AuditKind gated) : IAuditLog
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Reached => _reached.Task;

    public void Release() => _release.TrySetResult();

    public async Task<AuditEvent> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Kind == gated)
        {
            _reached.TrySetResult();
            await _release.Task.WaitAsync(cancellationToken);
        }

        return await inner.AppendAsync(entry, cancellationToken);
    }

    public IAsyncEnumerable<AuditEvent> ReadAsync(string partition, CancellationToken cancellationToken) => inner.ReadAsync(partition, cancellationToken);

    public Task<IReadOnlyList<string>> ListPartitionsAsync(CancellationToken cancellationToken) => inner.ListPartitionsAsync(cancellationToken);
}
