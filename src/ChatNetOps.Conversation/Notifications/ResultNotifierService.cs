namespace ChatNetOps.Conversation.Notifications;

using ChatNetOps.Core.Health;
using ChatNetOps.Core.Queues;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

/// <summary>
/// Consumes the result queue and hands each message to the <see cref="ResultNotifier"/>; failures are retried by
/// redelivery. Receives that keep failing are reported to <see cref="QueueConsumerHealth"/> (/readyz).
/// </summary>
internal sealed partial class ResultNotifierService(IResultQueue results, ResultNotifier notifier, TimeProvider time, QueueConsumerHealth health, ILogger<ResultNotifierService> logger) : BackgroundService
{
    public const string ConsumerName = "result queue";

    private static readonly TimeSpan LockDuration = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                QueueLease<ResultMessage>? lease;
                try
                {
                    lease = await results.ReceiveAsync(LockDuration, Wait, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.ReceiveFailed(logger, e);
                    health.ReceiveFailed(ConsumerName, e);
                    await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
                    continue;
                }

                health.ReceiveSucceeded(ConsumerName);

                if (lease is null)
                {
                    continue;
                }

                try
                {
                    await notifier.ProcessAsync(lease.Message, stoppingToken);
                    await results.CompleteAsync(lease, CancellationToken.None);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.NotifyFailed(logger, e, lease.Message.RequestId);
                    await results.AbandonAsync(lease, CancellationToken.None);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3111, Level = LogLevel.Error, Message = "Receiving from the result queue failed; retrying")]
        public static partial void ReceiveFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 3112, Level = LogLevel.Error, Message = "Notifying the chat about request {RequestId} failed; the message will be redelivered")]
        public static partial void NotifyFailed(ILogger logger, Exception exception, string requestId);
    }
}
