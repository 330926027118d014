namespace ChatNetOps.Azure.Tests.ServiceBus;

using ChatNetOps.Core.Queues;
using ChatNetOps.Testing.Queues;
using Microsoft.Extensions.Time.Testing;

/// <summary>The chat-work queue contract against a live namespace or the emulator (see <see cref="LiveServiceBusFixture"/>); the broker keeps real time.</summary>
[Collection(LiveServiceBusCollection.Name)]
public sealed class LiveServiceBusChatWorkQueueTests(LiveServiceBusFixture fixture) : ChatWorkQueueContract
{
    protected override bool QueueFollowsTestClock => false;

    protected override async Task<IMessageQueue<ChatWorkMessage>> CreateQueueAsync(FakeTimeProvider time, int maxDeliveryCount) =>
        fixture.ChatWorkQueue(await fixture.NewQueueAsync(maxDeliveryCount), time);
}
