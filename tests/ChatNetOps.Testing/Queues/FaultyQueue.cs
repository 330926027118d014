namespace ChatNetOps.Testing.Queues;

using ChatNetOps.Core.Queues;
using Microsoft.Data.Sqlite;

/// <summary>
/// A queue whose receives throw <see cref="Fault"/> (by default what SQLite answers for a damaged page) until it is
/// set to null; then a receive waits its <c>wait</c> and finds nothing. A rare fault injected on Core's port, for the
/// consumers' health reporting. Nothing is ever enqueued here.
/// </summary>
public abstract class FaultyQueue<TMessage> : IMessageQueue<TMessage>
{
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private int _receives;

    public Exception? Fault { get; set; } = new SqliteException("SQLite Error 11: 'database disk image is malformed'.", 11);

    public int Receives
    {
        get
        {
            lock (_gate)
            {
                return _receives;
            }
        }
    }

    /// <summary>Completes once <paramref name="count"/> receives have been attempted in all.</summary>
    public Task WhenReceivedAsync(int count)
    {
        lock (_gate)
        {
            if (_receives >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }
    }

    public async Task<QueueLease<TMessage>?> ReceiveAsync(TimeSpan lockDuration, TimeSpan wait, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _receives++;
            foreach (var waiter in _waiters.Where(w => w.Count <= _receives).ToList())
            {
                waiter.Reached.TrySetResult();
                _waiters.Remove(waiter);
            }
        }

        if (Fault is { } fault)
        {
            throw fault;
        }

        await Task.Delay(wait, cancellationToken);
        return null;
    }

    public Task EnqueueAsync(TMessage message, CancellationToken cancellationToken) =>
        throw new NotSupportedException("A faulty queue only fails receives.");

    public Task<bool> CompleteAsync(QueueLease<TMessage> lease, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task AbandonAsync(QueueLease<TMessage> lease, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<QueueLease<TMessage>?> RenewAsync(QueueLease<TMessage> lease, TimeSpan lockDuration, CancellationToken cancellationToken) =>
        Task.FromResult<QueueLease<TMessage>?>(null);

    public Task<IReadOnlyList<DeadLetter<TMessage>>> ReadDeadLettersAsync(int max, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DeadLetter<TMessage>>>([]);

    public Task<bool> DeadLetterAsync(QueueLease<TMessage> lease, string reason, string description, CancellationToken cancellationToken) =>
        Task.FromResult(false);

    public Task<bool> RequeueDeadLetterAsync(string id, CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>Polls like the embedded queue does, so a consumer's receive failures reach its observer.</summary>
    public Task ConsumeAsync(Func<QueueDelivery<TMessage>, CancellationToken, Task<QueueSettlement>> handler, QueueConsumerOptions options, CancellationToken cancellationToken) =>
        PollingConsumer.RunAsync(this, handler, options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, cancellationToken);
}
