namespace ChatNetOps.Core.Tests.Health;

using ChatNetOps.Core.Health;
using ChatNetOps.Testing;

public sealed class QueueConsumerHealthTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task FailuresBelowTheThreshold_AreNotReported()
    {
        var health = new QueueConsumerHealth(TestData.Clock());
        var probe = new QueueConsumerReadinessProbe(health);

        for (var i = 1; i < QueueConsumerHealth.FailuresBeforeUnready; i++)
        {
            Assert.False(health.ReceiveFailed("job queue", new IOException("disk")));
        }

        Assert.Null(await probe.CheckAsync(Ct));
    }

    [Fact]
    public async Task FailuresInARow_AreReportedOnceFromTheFirst_WithCountSinceAndLastError()
    {
        var time = TestData.Clock();
        var health = new QueueConsumerHealth(time);
        var crossings = 0;

        for (var i = 0; i < QueueConsumerHealth.FailuresBeforeUnready + 2; i++)
        {
            crossings += health.ReceiveFailed("job queue", new IOException($"disk {i}")) ? 1 : 0;
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(1, crossings);
        Assert.Equal(
            "the job queue consumer: 5 receives in a row failed since 2025-03-14T09:26:53Z, last: IOException: disk 4",
            await new QueueConsumerReadinessProbe(health).CheckAsync(Ct));
    }

    [Fact]
    public async Task OneReceiveThatWorks_ClearsTheConsumer_AndSaysItWasReported()
    {
        var health = new QueueConsumerHealth(TestData.Clock());
        for (var i = 0; i < QueueConsumerHealth.FailuresBeforeUnready; i++)
        {
            health.ReceiveFailed("result queue", new IOException("disk"));
        }

        Assert.True(health.ReceiveSucceeded("result queue"));
        Assert.False(health.ReceiveSucceeded("result queue"));
        Assert.Null(await new QueueConsumerReadinessProbe(health).CheckAsync(Ct));
    }

    [Fact]
    public void EachConsumer_IsCountedOnItsOwn_AndLongErrorsAreCut()
    {
        var health = new QueueConsumerHealth(TestData.Clock());
        for (var i = 0; i < QueueConsumerHealth.FailuresBeforeUnready; i++)
        {
            health.ReceiveFailed("job queue", new InvalidOperationException(new string('x', 500) + "\nsecond line"));
            health.ReceiveSucceeded("result queue");
        }

        var problem = Assert.Single(health.Problems());
        Assert.StartsWith("the job queue consumer: 3 receives", problem, StringComparison.Ordinal);
        Assert.EndsWith("...", problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }
}
