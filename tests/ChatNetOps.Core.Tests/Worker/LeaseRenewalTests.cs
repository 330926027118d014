namespace ChatNetOps.Core.Tests.Worker;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Requests;
using ChatNetOps.Core.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ChatNetOps.Testing.Lifecycle;

public sealed class LeaseRenewalTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SlowStartedAppend_DoesNotLetTheLeaseLapse_SoTheSweeperLeavesTheRunAlone()
    {
        GatedAuditLog? gate = null;
        await using var h = LifecycleHarness.Create(services => services.AddSingleton<IAuditLog>(sp =>
            gate = new GatedAuditLog(new AuditTrail(sp.GetRequiredService<IAuditStore>(), sp.GetRequiredService<TimeProvider>()), AuditKind.Started)));
        var queued = Assert.IsType<SubmitOutcome.Queued>(
            await h.Submit.SubmitAsync(LifecycleHarness.Run("alice", "system-status", inputs: ("device", "core-rtr-01")), CancellationToken.None)).Request;
        var lease = await h.Jobs.ReceiveAsync(TimeSpan.FromMinutes(1), TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(lease);

        var processing = Task.Run(() => h.Runner.ProcessAsync(lease, CancellationToken.None));
        await gate!.Reached.WaitAsync(Timeout);
        var claimedUntil = (await h.Store.GetAsync(queued.Id, CancellationToken.None))!.LeaseUntil!.Value;

        // Three renewal periods (RunLease / 3 each) pass while the Started append is stuck: past the original lease.
        for (var tick = 0; tick < 3; tick++)
        {
            var before = (await h.Store.GetAsync(queued.Id, CancellationToken.None))!.LeaseUntil!.Value;
            h.Time.Advance(TimeSpan.FromSeconds(41));
            await WaitUntilAsync(async () => (await h.Store.GetAsync(queued.Id, CancellationToken.None))!.LeaseUntil > before);
        }

        Assert.True(h.Time.GetUtcNow() > claimedUntil, "the clock must be past the lease taken at claim time");
        Assert.Empty(await h.Sweeper.SweepAsync(CancellationToken.None));

        gate.Release();
        await processing.WaitAsync(Timeout);
        Assert.Equal(RequestStatus.Succeeded, (await h.Store.GetAsync(queued.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task LostJobLock_StopsTheRun_WhichBecomesInterruptedAfterItsLease_AndIsNeverRunAgain()
    {
        GatedAuditLog? gate = null;
        await using var h = LifecycleHarness.Create(services => services.AddSingleton<IAuditLog>(sp =>
            gate = new GatedAuditLog(new AuditTrail(sp.GetRequiredService<IAuditStore>(), sp.GetRequiredService<TimeProvider>()), AuditKind.Started)));
        var queued = Assert.IsType<SubmitOutcome.Queued>(
            await h.Submit.SubmitAsync(LifecycleHarness.Run("alice", "system-status", inputs: ("device", "core-rtr-01")), CancellationToken.None)).Request;
        var lease = await h.Jobs.ReceiveAsync(TimeSpan.FromMinutes(1), TimeSpan.Zero, CancellationToken.None);
        using var lockLost = new CancellationTokenSource();

        // Claimed and about to run when the queue reports the job's lock lost (the message will be delivered again).
        var processing = Task.Run(() => h.Runner.ProcessAsync(lease!, lockLost.Token, CancellationToken.None));
        await gate!.Reached.WaitAsync(Timeout);
        await lockLost.CancelAsync();
        gate.Release();

        Assert.Equal(JobDisposition.Complete, await processing.WaitAsync(Timeout));
        var stopped = (await h.Store.GetAsync(queued.Id, CancellationToken.None))!;
        Assert.Equal((RequestStatus.Running, null), (stopped.Status, stopped.Result));
        Assert.DoesNotContain(await h.DayEventsAsync(), e => e.RequestId == queued.Id && e.Kind is AuditKind.Succeeded or AuditKind.Failed);

        h.Time.Advance(h.Services.GetRequiredService<IOptions<RequestOptions>>().Value.RunLease + TimeSpan.FromSeconds(1));
        var swept = Assert.Single(await h.Sweeper.SweepAsync(CancellationToken.None));
        Assert.Equal((queued.Id, RequestStatus.Interrupted), (swept.Id, swept.Status));

        Assert.Equal(JobDisposition.Complete, await h.Runner.ProcessAsync(lease! with { DeliveryCount = 2 }, CancellationToken.None));
        Assert.Equal(RequestStatus.Interrupted, (await h.Store.GetAsync(queued.Id, CancellationToken.None))!.Status);
        Assert.Single(await h.DayEventsAsync(), e => e.RequestId == queued.Id && e.Kind == AuditKind.Started);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (!await condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), deadline.Token);
        }
    }
}
