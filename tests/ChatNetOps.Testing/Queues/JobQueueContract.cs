namespace ChatNetOps.Testing.Queues;

using ChatNetOps.Core.Queues;
using Microsoft.Extensions.Time.Testing;

/// <summary>The <see cref="IJobQueue"/> contract: the peek-lock contract plus job expiry.</summary>
public abstract class JobQueueContract : MessageQueueContract<JobMessage>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [SkippableFact]
    public async Task Receive_JobPastItsExpiry_IsNotDelivered()
    {
        var time = NewClock();
        var queue = await CreateQueueAsync(time, 10);
        await queue.EnqueueAsync(TestData.Job("JOB-STALE", time.GetUtcNow(), expiresAt: time.GetUtcNow().AddMinutes(1)), Ct);
        await queue.EnqueueAsync(TestData.Job("JOB-FRESH", time.GetUtcNow(), expiresAt: time.GetUtcNow().AddHours(1)), Ct);
        await AdvanceAsync(time, TimeSpan.FromMinutes(2));

        var lease = await queue.ReceiveAsync(TimeSpan.FromSeconds(30), TimeSpan.Zero, Ct);

        Assert.Equal("JOB-FRESH", lease?.Message.JobId);
        Assert.Null(await queue.ReceiveAsync(TimeSpan.FromSeconds(30), TimeSpan.Zero, Ct));
    }

    protected override JobMessage NewMessage(string id, FakeTimeProvider time) =>
        TestData.Job(id, time.GetUtcNow().ToOffset(TimeSpan.FromHours(1)), expiresAt: time.GetUtcNow().AddDays(1));

    protected override string IdOf(JobMessage message) => message.JobId;
}
