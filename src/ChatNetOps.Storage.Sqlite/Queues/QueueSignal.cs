namespace ChatNetOps.Storage.Sqlite.Queues;

/// <summary>Wakes receivers waiting in this process when a message becomes visible. Take <see cref="Next"/> before looking.</summary>
internal sealed class QueueSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Set"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Set()
    {
        var previous = Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        previous.TrySetResult();
    }
}
