namespace ChatNetOps.Azure.Tests.ServiceBus;

using ChatNetOps.Core.Queues;
using ChatNetOps.Testing.Queues;
using Microsoft.Extensions.Time.Testing;

/// <summary>The chat-work queue contract through Azure.Messaging.ServiceBus against the broker (its queue clock is the test's FakeTimeProvider).</summary>
[Collection(ServiceBusTestCollection.Name)]
public sealed class ServiceBusChatWorkQueueTests(ServiceBusBrokerFixture fixture) : ChatWorkQueueContract
{
    protected override Task<IMessageQueue<ChatWorkMessage>> CreateQueueAsync(FakeTimeProvider time, int maxDeliveryCount) =>
        Task.FromResult<IMessageQueue<ChatWorkMessage>>(fixture.ChatWorkQueue(fixture.NewQueue(time, maxDeliveryCount), time));
}
