namespace ChatNetOps.Core.ChangeRecords;

/// <summary>Wakes the dispatcher when an event is queued, so delivery does not wait for the next poll.</summary>
public sealed class ChangeRecordSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Wake"/>; take it before looking at the outbox so no wake is lost.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Wake() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
