namespace ChatNetOps.Conversation.Notifications;

using ChatNetOps.Core.Health;
using ChatNetOps.Core.Queues;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

/// <summary>
/// Consumes the result queue (one message at a time) and hands each message to the <see cref="ResultNotifier"/>;
/// failures are retried by redelivery. Receives that keep failing are reported to <see cref="QueueConsumerHealth"/> (/readyz).
/// </summary>
internal sealed partial class ResultNotifierService(IResultQueue results, ResultNotifier notifier, QueueConsumerHealth health, ILogger<ResultNotifierService> logger) : BackgroundService
{
    public const string ConsumerName = "result queue";

    private static readonly TimeSpan LockDuration = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxLockRenewal = TimeSpan.FromMinutes(5);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        results.ConsumeAsync(
            NotifyAsync,
            new QueueConsumerOptions(1, LockDuration, Wait, MaxLockRenewal) { Observer = health.Observe(ConsumerName) },
            stoppingToken);

    private async Task<QueueSettlement> NotifyAsync(QueueDelivery<ResultMessage> delivery, CancellationToken stoppingToken)
    {
        try
        {
            await notifier.ProcessAsync(delivery.Lease.Message, stoppingToken);
            return QueueSettlement.Complete;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.NotifyFailed(logger, e, delivery.Lease.Message.RequestId);
            return QueueSettlement.Abandon;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3112, Level = LogLevel.Error, Message = "Notifying the chat about request {RequestId} failed; the message will be redelivered")]
        public static partial void NotifyFailed(ILogger logger, Exception exception, string requestId);
    }
}
