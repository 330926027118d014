namespace ChatNetOps.Azure.Tests.ServiceBus;

using ChatNetOps.Core.Queues;
using ChatNetOps.Testing.Queues;
using Microsoft.Extensions.Time.Testing;

/// <summary>The job queue contract against a live namespace or the emulator (see <see cref="LiveServiceBusFixture"/>); the broker keeps real time.</summary>
[Collection(LiveServiceBusCollection.Name)]
public sealed class LiveServiceBusJobQueueTests(LiveServiceBusFixture fixture) : JobQueueContract
{
    protected override bool QueueFollowsTestClock => false;

    protected override async Task<IMessageQueue<JobMessage>> CreateQueueAsync(FakeTimeProvider time, int maxDeliveryCount) =>
        fixture.JobQueue(await fixture.NewQueueAsync(maxDeliveryCount), time);
}
