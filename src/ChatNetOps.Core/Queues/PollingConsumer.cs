namespace ChatNetOps.Core.Queues;

using Microsoft.Extensions.Logging;

/// <summary>
/// <see cref="IMessageQueue{TMessage}.ConsumeAsync"/> for a queue that is polled: receive while a slot is free, run the
/// handler, settle as it says. Locks are renewed by the handler (the job runner renews while a run lasts), so the lock-lost
/// token of a delivery never fires here.
/// </summary>
public static partial class PollingConsumer
{
    private static readonly TimeSpan ReceiveRetryDelay = TimeSpan.FromSeconds(1);

    public static async Task RunAsync<TMessage>(
        IMessageQueue<TMessage> queue,
        Func<QueueDelivery<TMessage>, CancellationToken, Task<QueueSettlement>> handler,
        QueueConsumerOptions options,
        TimeProvider time,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        using var slots = new SemaphoreSlim(options.MaxConcurrent);
        var running = new HashSet<Task>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await slots.WaitAsync(cancellationToken);
                QueueLease<TMessage>? lease;
                try
                {
                    lease = await queue.ReceiveAsync(options.LockDuration, options.ReceiveWait, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    slots.Release();
                    Log.ReceiveFailed(logger, e);
                    options.Observer?.ReceiveFailed(e);
                    await Task.Delay(ReceiveRetryDelay, time, cancellationToken);
                    continue;
                }

                options.Observer?.Received();
                if (lease is null)
                {
                    slots.Release();
                    continue;
                }

                var task = HandleAsync(queue, handler, lease, slots, logger, cancellationToken);
                lock (running)
                {
                    running.Add(task);
                }

                _ = task.ContinueWith(t => { lock (running) { running.Remove(t); } }, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        Task[] pending;
        lock (running)
        {
            pending = [.. running];
        }

        await Task.WhenAll(pending);
    }

    private static async Task HandleAsync<TMessage>(
        IMessageQueue<TMessage> queue,
        Func<QueueDelivery<TMessage>, CancellationToken, Task<QueueSettlement>> handler,
        QueueLease<TMessage> lease,
        SemaphoreSlim slots,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        try
        {
            QueueSettlement settlement;
            try
            {
                settlement = await handler(new QueueDelivery<TMessage>(lease, CancellationToken.None), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.HandlerFailed(logger, e);
                settlement = QueueSettlement.Abandon;
            }

            switch (settlement)
            {
                case QueueSettlement.Completed:
                    await queue.CompleteAsync(lease, CancellationToken.None);
                    break;
                case QueueSettlement.DeadLettered letter:
                    await queue.DeadLetterAsync(lease, letter.Reason, letter.Description, CancellationToken.None);
                    break;
                default:
                    await queue.AbandonAsync(lease, CancellationToken.None);
                    break;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The lock expires and the message comes back.
            Log.SettleFailed(logger, e);
        }
        finally
        {
            slots.Release();
        }
    }
}
