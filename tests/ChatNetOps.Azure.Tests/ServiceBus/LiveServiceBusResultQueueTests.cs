namespace ChatNetOps.Azure.Tests.ServiceBus;

using ChatNetOps.Core.Queues;
using ChatNetOps.Testing.Queues;
using Microsoft.Extensions.Time.Testing;

/// <summary>The result queue contract against a live namespace or the emulator.</summary>
[Collection(LiveServiceBusCollection.Name)]
public sealed class LiveServiceBusResultQueueTests(LiveServiceBusFixture fixture) : ResultQueueContract
{
    protected override bool QueueFollowsTestClock => false;

    protected override async Task<IMessageQueue<ResultMessage>> CreateQueueAsync(FakeTimeProvider time, int maxDeliveryCount) =>
        fixture.ResultQueue(await fixture.NewQueueAsync(maxDeliveryCount), time);
}
