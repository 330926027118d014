namespace ChatNetOps.Azure.Tests.ServiceBus;

using ChatNetOps.Azure.ServiceBus;
using ChatNetOps.Azure.Tests.Infrastructure;
using ChatNetOps.Core.Queues;
using ChatNetOps.Testing;
using Microsoft.Extensions.Logging;

/// <summary>
/// The entity decides how long a received message stays locked; a consumer that renews against a longer lock than the
/// queue grants (Slack:WorkLockDuration above the queue's lockDuration) would lose it between renewals, so it is told.
/// </summary>
[Collection(ServiceBusTestCollection.Name)]
public sealed class ServiceBusReceiveLockTests(ServiceBusBrokerFixture fixture)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Receive_EntityLocksShorterThanAsked_WarnsOnceNamingTheQueue()
    {
        var time = TestData.Clock();
        var logger = new CollectingLogger<ServiceBusChatWorkQueue>();
        var name = fixture.NewQueue(time, lockDuration: TimeSpan.FromSeconds(10));
        var queue = fixture.ChatWorkQueue(name, time, logger);
        await queue.EnqueueAsync(Work("slack-a", time), Ct);
        await queue.EnqueueAsync(Work("slack-b", time), Ct);

        var first = await queue.ReceiveAsync(TimeSpan.FromMinutes(1), TimeSpan.Zero, Ct);
        var second = await queue.ReceiveAsync(TimeSpan.FromMinutes(1), TimeSpan.Zero, Ct);

        Assert.NotNull(first);
        Assert.NotNull(second);
        var warning = Assert.Single(logger.Entries, e => e.Id.Id == 8019);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(name, warning.Message, StringComparison.Ordinal);
        Assert.Contains("Slack:WorkLockDuration", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receive_EntityLocksAsLongAsAsked_DoesNotWarn()
    {
        var time = TestData.Clock();
        var logger = new CollectingLogger<ServiceBusChatWorkQueue>();
        var queue = fixture.ChatWorkQueue(fixture.NewQueue(time, lockDuration: TimeSpan.FromSeconds(30)), time, logger);
        await queue.EnqueueAsync(Work("slack-a", time), Ct);

        Assert.NotNull(await queue.ReceiveAsync(TimeSpan.FromSeconds(30), TimeSpan.Zero, Ct));

        Assert.DoesNotContain(logger.Entries, e => e.Id.Id == 8019);
    }

    private static ChatWorkMessage Work(string id, TimeProvider time) =>
        new(id, "slack", "slash_command", """{"kind":"command"}""", time.GetUtcNow(), null) { ExpiresAt = time.GetUtcNow().AddMinutes(30) };
}
