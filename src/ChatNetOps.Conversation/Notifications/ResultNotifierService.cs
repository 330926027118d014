namespace ChatNetOps.Conversation.Notifications;

using System.Diagnostics;
using ChatNetOps.Core.Health;
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
/// <item>Receives that keep failing are reported to <see cref="QueueConsumerHealth"/> (/readyz).</item>
/// </list>
/// </remarks>
internal sealed partial class ResultNotifierService(IResultQueue results, ResultNotifier notifier, TimeProvider time, QueueConsumerHealth health, ILogger<ResultNotifierService> logger) : BackgroundService
{
    public const int Consumers = 4;

    public const string ConsumerName = "result queue";

    internal static readonly TimeSpan LockDuration = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxLockRenewal = TimeSpan.FromMinutes(5);

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
        results.ConsumeAsync(
            NotifyAsync,
            new QueueConsumerOptions(Consumers, LockDuration, Wait, MaxLockRenewal) { Observer = health.Observe(ConsumerName) },
            stoppingToken);

    private async Task<QueueSettlement> NotifyAsync(QueueDelivery<ResultMessage> delivery, CancellationToken stoppingToken)
    {
        var lease = delivery.Lease;
        using var activity = Core.Telemetry.StartFrom(Telemetry.Source, "notify " + lease.Message.Kind, ActivityKind.Consumer, lease.Message.TraceParent);
        activity?.SetTag("chatnetops.request", lease.Message.RequestId);
        var gate = _requestGates[(int)((uint)StringComparer.Ordinal.GetHashCode(lease.Message.RequestId) % (uint)_requestGates.Length)];
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewal = RenewAsync(lease, renewing.Token);
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

            return QueueSettlement.Complete;
        }
        catch (Exception e)
        {
            // A send that timed out (TaskCanceledException from HttpClient) is a failure like any other, not a stop;
            // a stop gives the message back too, for another replica or the next start.
            if (!(e is OperationCanceledException && stoppingToken.IsCancellationRequested))
            {
                Log.NotifyFailed(logger, e, lease.Message.RequestId);
            }

            return QueueSettlement.Abandon;
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
        }
    }

    /// <summary>Keeps the lock while the message is handled (a broker that renews locks itself answers at once).</summary>
    private async Task RenewAsync(QueueLease<ResultMessage> lease, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(LockDuration / 3, time, cancellationToken);
                await results.RenewAsync(lease, LockDuration, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The lock then lapses on its own; completing reports whether it did.
            Log.RenewFailed(logger, e, lease.Message.RequestId);
        }
    }
}
