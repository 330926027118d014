namespace ChatNetOps.Azure.Tests.ServiceBus;

using ChatNetOps.Core.Queues;
using ChatNetOps.Testing.Queues;
using Microsoft.Extensions.Time.Testing;

/// <summary>The result queue contract through Azure.Messaging.ServiceBus against the broker.</summary>
[Collection(ServiceBusTestCollection.Name)]
public sealed class ServiceBusResultQueueTests(ServiceBusBrokerFixture fixture) : ResultQueueContract
{
    protected override Task<IMessageQueue<ResultMessage>> CreateQueueAsync(FakeTimeProvider time, int maxDeliveryCount) =>
        Task.FromResult<IMessageQueue<ResultMessage>>(fixture.ResultQueue(fixture.NewQueue(time, maxDeliveryCount), time));
}
