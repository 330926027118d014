namespace ChatNetOps.Azure.Tests.ServiceBus;

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ChatNetOps.Azure.ServiceBus;
using ChatNetOps.Azure.Tests.Infrastructure;
using ChatNetOps.Core.Health;
using ChatNetOps.Core.Queues;
using ChatNetOps.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

/// <summary>The ServiceBusProcessor behind <see cref="IMessageQueue{TMessage}.ConsumeAsync"/>, against the broker on the real clock.</summary>
[Collection(ServiceBusTestCollection.Name)]
public sealed class ServiceBusConsumerTests(ServiceBusBrokerFixture fixture)
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task LockLost_FiresTheDeliveryToken_AndTheMessageIsDeliveredAgain()
    {
        // Locks last 2 s and are renewed for at most 1 s, so the first delivery's lock is lost while its handler runs.
        var name = fixture.NewQueue(TimeProvider.System, lockDuration: TimeSpan.FromSeconds(2));
        var queue = fixture.JobQueue(name, TimeProvider.System);
        await queue.EnqueueAsync(TestData.Job("JOB-SLOW"), Ct);
        var deliveries = new ConcurrentQueue<(int Count, bool LockLost)>();
        var redelivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();

        var consuming = queue.ConsumeAsync(
            async (delivery, cancellationToken) =>
            {
                if (delivery.Lease.DeliveryCount == 1)
                {
                    var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    using var registration = delivery.LockLost.Register(() => signal.TrySetResult());
                    var lost = await Task.WhenAny(signal.Task, Task.Delay(Guard, cancellationToken)) == signal.Task;
                    deliveries.Enqueue((1, lost));

                    // The SDK's lock-lost is its own timer on the announced expiry: it can fire a hair before the broker
                    // lets the lock go, and a completion that lands first is accepted (the message is then never seen
                    // again, as on Service Bus). Settle once the broker has really dropped the lock, so it is refused.
                    await fixture.Broker.Find(name)!.WhenLockGoneAsync(Guid.Parse(delivery.Lease.LockToken)).WaitAsync(Guard, cancellationToken);
                    return QueueSettlement.Complete;
                }

                deliveries.Enqueue((delivery.Lease.DeliveryCount, delivery.LockLost.IsCancellationRequested));
                redelivered.TrySetResult();
                return QueueSettlement.Complete;
            },
            new QueueConsumerOptions(1, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)),
            stop.Token);
        await redelivered.Task.WaitAsync(Guard);
        await stop.CancelAsync();
        await consuming.WaitAsync(Guard);

        Assert.Equal([(1, true), (2, false)], deliveries.ToArray());
        Assert.Null(await queue.ReceiveAsync(TimeSpan.FromSeconds(30), TimeSpan.Zero, Ct));
    }

    [Fact]
    public async Task MessageWhoseLockExpiredBeforeItsHandlerStarted_StartsWithTheLockLostTokenFired()
    {
        // The broker's clock is an hour behind, so the lock it grants is already over by the real clock the SDK and the
        // queue use: the SDK raises MessageLockLostAsync as it hands the message over, before the handler could listen,
        // so the queue must notice the expiry itself. (A long prefetch or a slow start does the same on Azure.)
        var brokerTime = new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddHours(-1));
        var queue = fixture.JobQueue(fixture.NewQueue(brokerTime), TimeProvider.System);
        await queue.EnqueueAsync(TestData.Job("JOB-EXPIRED"), Ct);
        var lostAtStart = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();

        var consuming = queue.ConsumeAsync(
            (delivery, _) =>
            {
                lostAtStart.TrySetResult(delivery.LockLost.IsCancellationRequested);
                return Task.FromResult(QueueSettlement.Complete);
            },
            new QueueConsumerOptions(1, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), TimeSpan.Zero),
            stop.Token);
        var lost = await lostAtStart.Task.WaitAsync(Guard);
        await stop.CancelAsync();
        await consuming.WaitAsync(Guard);

        Assert.True(lost, "the handler started with a live lock-lost token although the lock had expired");
    }

    [Fact]
    public async Task ProcessorErrors_AreLoggedWithTheirSourceAndCounted_AndReadinessNamesAMissingQueue()
    {
        var logger = new CollectingLogger<ServiceBusJobQueue>();
        var queue = new ServiceBusJobQueue(fixture.Clients, "no-such-jobs", TimeProvider.System, logger);
        var counted = new ConcurrentQueue<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ServiceBusTelemetry.MeterName && instrument.Name == "chatnetops.servicebus.processor.errors")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var values = tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString());
            if (values.GetValueOrDefault("queue") == "no-such-jobs")
            {
                counted.Enqueue(values.GetValueOrDefault("source") ?? string.Empty);
            }
        });
        listener.Start();
        using var stop = new CancellationTokenSource();
        var probe = new ServiceBusReadinessProbe(fixture.Clients);

        var consuming = queue.ConsumeAsync((_, _) => Task.FromResult(QueueSettlement.Complete), new QueueConsumerOptions(1, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)), stop.Token);
        using (var deadline = new CancellationTokenSource(Guard))
        {
            while (counted.IsEmpty)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
            }
        }

        var problem = await ProbeQueueAsync(probe, "no-such-jobs");
        await stop.CancelAsync();
        await consuming.WaitAsync(Guard);

        Assert.Contains("Receive", counted);
        var error = Assert.Single(logger.Entries, e => e.Id.Id == 8010 && e.Message.Contains("Receive", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Contains("no-such-jobs", error.Message, StringComparison.Ordinal);
        Assert.Equal("Service Bus queue 'no-such-jobs' does not exist", problem);
    }

    /// <summary>The probe checks the configured queues; this one is consumed under another name, so check its consumer directly.</summary>
    private static Task<string?> ProbeQueueAsync(IReadinessProbe probe, string queue) =>
        ((ServiceBusReadinessProbe)probe).CheckQueueAsync(queue, Ct);
}
