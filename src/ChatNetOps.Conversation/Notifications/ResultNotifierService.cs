namespace ChatNetOps.Conversation.Notifications;

using ChatNetOps.Core.Queues;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

/// <summary>
/// Consumes the result queue and hands each message to the <see cref="ResultNotifier"/>; failures are retried by redelivery.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="Consumers"/> messages are handled at once, so one conversation waiting for its platform's pace
/// does not hold up every other conversation's cards; messages of one request are handled one at a time, in order.</item>
/// <item>The lock is renewed while a message is handled (a paced send can take longer than the lock), so no other
/// replica takes it up meanwhile and posts its result card a second time.</item>
/// <item>Any failure of a send, a time-out included, gives the message back for redelivery; only the host stopping
/// ends the consumer, and it gives back what it was handling.</item>
/// </list>
/// </remarks>
internal sealed partial class ResultNotifierService(IResultQueue results, ResultNotifier notifier, TimeProvider time, ILogger<ResultNotifierService> logger) : BackgroundService
{
    public const int Consumers = 4;

    internal static readonly TimeSpan LockDuration = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    /// <summary>Messages of one request go through the same gate (by hash), so they are handled in order.</summary>
    private readonly SemaphoreSlim[] _requestGates = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public override void Dispose()
    {
        foreach (var gate in _requestGates)
        {
            gate.Dispose();
        }

        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Consumers).Select(_ => Task.Run(() => ConsumeAsync(stoppingToken), CancellationToken.None)));

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueLease<ResultMessage>? lease;
            try
            {
                lease = await results.ReceiveAsync(LockDuration, Wait, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.ReceiveFailed(logger, e);
                if (!await PauseAsync(stoppingToken))
                {
                    return;
                }

                continue;
            }

            if (lease is not null)
            {
                await HandleAsync(lease, stoppingToken);
            }
        }
    }

    private async Task HandleAsync(QueueLease<ResultMessage> lease, CancellationToken stoppingToken)
    {
        var gate = _requestGates[(int)((uint)StringComparer.Ordinal.GetHashCode(lease.Message.RequestId) % (uint)_requestGates.Length)];
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var held = new Held(lease);
        var renewal = RenewAsync(held, renewing.Token);
        try
        {
            await gate.WaitAsync(stoppingToken);
            try
            {
                await notifier.ProcessAsync(lease.Message, stoppingToken);
            }
            finally
            {
                gate.Release();
            }

            await renewing.CancelAsync();
            await renewal;
            await results.CompleteAsync(held.Lease, CancellationToken.None);
        }
        catch (Exception e)
        {
            // A send that timed out (TaskCanceledException from HttpClient) is a failure like any other, not a stop.
            if (!(e is OperationCanceledException && stoppingToken.IsCancellationRequested))
            {
                Log.NotifyFailed(logger, e, lease.Message.RequestId);
            }

            await renewing.CancelAsync();
            await renewal;
            await GiveBackAsync(held.Lease);
        }
    }

    private async Task RenewAsync(Held held, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(LockDuration / 3, time, cancellationToken);
                if (await results.RenewAsync(held.Lease, LockDuration, CancellationToken.None) is { } renewed)
                {
                    held.Lease = renewed;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The lock then lapses on its own; completing reports whether it did.
            Log.RenewFailed(logger, e, held.Lease.Message.RequestId);
        }
    }

    private async Task GiveBackAsync(QueueLease<ResultMessage> lease)
    {
        try
        {
            await results.AbandonAsync(lease, CancellationToken.None);
        }
        catch (Exception e)
        {
            Log.RenewFailed(logger, e, lease.Message.RequestId);
        }
    }

    private async Task<bool> PauseAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private sealed class Held(QueueLease<ResultMessage> lease)
    {
        private QueueLease<ResultMessage> _lease = lease;

        public QueueLease<ResultMessage> Lease
        {
            get => Volatile.Read(ref _lease);
            set => Volatile.Write(ref _lease, value);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3111, Level = LogLevel.Error, Message = "Receiving from the result queue failed; retrying")]
        public static partial void ReceiveFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 3112, Level = LogLevel.Error, Message = "Notifying the chat about request {RequestId} failed; the message will be redelivered")]
        public static partial void NotifyFailed(ILogger logger, Exception exception, string requestId);

        [LoggerMessage(EventId = 3113, Level = LogLevel.Warning, Message = "Renewing or giving back the result message of request {RequestId} failed; its lock lapses and it is redelivered")]
        public static partial void RenewFailed(ILogger logger, Exception exception, string requestId);
    }
}
