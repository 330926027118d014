namespace ChatNetOps.Storage.Sqlite.Database;

internal sealed class WriteItem<T>(Func<PooledConnection, T> work, CancellationToken cancellationToken) : WriteItem
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T _result = default!;

    public Task<T> Task => _completion.Task;

    public override bool IsCancelled => cancellationToken.IsCancellationRequested;

    public override void Run(PooledConnection connection) => _result = work(connection);

    public override void Publish() => _completion.TrySetResult(_result);

    public override void Fail(Exception error) => _completion.TrySetException(error);

    public override void Cancel() => _completion.TrySetCanceled(cancellationToken);
}
