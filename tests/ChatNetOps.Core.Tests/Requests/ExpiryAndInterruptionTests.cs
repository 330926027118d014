namespace ChatNetOps.Core.Tests.Requests;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;

public sealed class ExpiryAndInterruptionTests
{
    [Fact]
    public async Task ApprovalAfterExpiry_IsRefusedAsExpired_AndTheLockIsFreed()
    {
        await using var h = LifecycleHarness.Create();
        var awaiting = await h.AwaitApprovalAsync("dist-sw-02", "198.51.100.226");

        h.Time.Advance(TimeSpan.FromMinutes(31));
        var outcome = await h.Decisions.ApproveAsync(awaiting.Id, LifecycleHarness.Person("carol"), null, LifecycleHarness.ConsoleConversation(), CancellationToken.None);

        Assert.Equal(RequestStatus.Expired, Assert.IsType<DecisionOutcome.Expired>(outcome).Request.Status);
        Assert.Null(await h.Locks.GetAsync("dist-sw-02", CancellationToken.None));
        Assert.Contains(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.Expired);
    }

    [Fact]
    public async Task Sweep_ExpiresUnansweredApprovals_OnlyAfterTheirDeadline()
    {
        await using var h = LifecycleHarness.Create();
        var awaiting = await h.AwaitApprovalAsync("dist-sw-02", "198.51.100.226");

        h.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Empty(await h.Sweeper.SweepAsync(CancellationToken.None));
        h.Time.Advance(TimeSpan.FromMinutes(2));
        var swept = Assert.Single(await h.Sweeper.SweepAsync(CancellationToken.None));

        Assert.Equal(awaiting.Id, swept.Id);
        Assert.Equal(RequestStatus.Expired, swept.Status);
        Assert.Null(await h.Locks.GetAsync("dist-sw-02", CancellationToken.None));
    }

    [Fact]
    public async Task RunningRequest_WhoseLeaseRanOut_BecomesInterrupted_NotReRun_AndFreesTheLock()
    {
        await using var h = LifecycleHarness.Create();
        var awaiting = await h.AwaitApprovalAsync("dist-sw-02", "198.51.100.226");
        var approved = await h.ApproveAsync(awaiting.Id);

        // A worker claimed the job and then died: the request is Running with a lease nobody renews.
        var now = h.Time.GetUtcNow();
        Assert.NotNull(await h.Store.TryReplaceAsync(approved with { Status = RequestStatus.Running, Worker = "dead-worker", LeaseUntil = now + TimeSpan.FromMinutes(2) }, approved.ETag!, CancellationToken.None));
        h.Time.Advance(TimeSpan.FromMinutes(3));

        var swept = Assert.Single(await h.Sweeper.SweepAsync(CancellationToken.None));
        Assert.Equal(RequestStatus.Interrupted, swept.Status);
        Assert.Null(await h.Locks.GetAsync("dist-sw-02", CancellationToken.None));

        // The job is redelivered (its queue lock expired): it must not run again.
        var redelivered = await h.RunNextJobAsync();
        Assert.Equal(RequestStatus.Interrupted, redelivered.Status);
        Assert.DoesNotContain(await h.EventsAsync("INC-4242"), e => e.Kind == AuditKind.Started);
    }
}
