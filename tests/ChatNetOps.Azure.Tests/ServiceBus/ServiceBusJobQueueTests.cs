namespace ChatNetOps.Azure.Tests.ServiceBus;

using ChatNetOps.Core.Queues;
using ChatNetOps.Testing.Queues;
using Microsoft.Extensions.Time.Testing;

/// <summary>The job queue contract through Azure.Messaging.ServiceBus against the broker (its queue clock is the test's FakeTimeProvider).</summary>
[Collection(ServiceBusTestCollection.Name)]
public sealed class ServiceBusJobQueueTests(ServiceBusBrokerFixture fixture) : JobQueueContract
{
    protected override Task<IMessageQueue<JobMessage>> CreateQueueAsync(FakeTimeProvider time, int maxDeliveryCount) =>
        Task.FromResult<IMessageQueue<JobMessage>>(fixture.JobQueue(fixture.NewQueue(time, maxDeliveryCount), time));
}
