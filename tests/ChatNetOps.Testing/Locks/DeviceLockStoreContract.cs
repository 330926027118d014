namespace ChatNetOps.Testing.Locks;

using ChatNetOps.Core.Locks;
using Microsoft.Extensions.Time.Testing;

/// <summary>The behaviour every <see cref="IDeviceLockStore"/> must have, races included.</summary>
public abstract class DeviceLockStoreContract
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    protected abstract Task<IDeviceLockStore> CreateStoreAsync(FakeTimeProvider time);

    [Fact]
    public async Task TryAcquire_FreeDevice_AcquiresWithAnETagAndNothingTakenOver()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var candidate = TestData.Lock("lab-fw1");

        var outcome = await store.TryAcquireAsync(candidate, time.GetUtcNow(), Ct);

        var acquired = Assert.IsType<LockAcquisition.Acquired>(outcome);
        Assert.Null(acquired.TookOver);
        Assert.False(string.IsNullOrEmpty(acquired.Lock.ETag));
        Assert.Equal(candidate.RequestId, acquired.Lock.RequestId);
    }

    [Fact]
    public async Task Get_HeldDevice_RoundTripsEveryFieldExactly()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var candidate = TestData.Lock("lab-fw1", acquiredAt: new DateTimeOffset(2025, 3, 14, 11, 0, 0, TimeSpan.FromHours(2)).AddTicks(7));
        var acquired = Assert.IsType<LockAcquisition.Acquired>(await store.TryAcquireAsync(candidate, time.GetUtcNow(), Ct));

        var stored = await store.GetAsync("lab-fw1", Ct);

        Assert.NotNull(stored);
        AssertJson.Equal(candidate, stored with { ETag = null });
        Assert.Equal(acquired.Lock.ETag, stored.ETag);
        Assert.Equal(candidate.AcquiredAt.Offset, stored.AcquiredAt.Offset);
    }

    [Fact]
    public async Task Get_FreeDevice_ReturnsNull()
    {
        var store = await CreateStoreAsync(TestData.Clock());

        Assert.Null(await store.GetAsync("lab-free", Ct));
    }

    [Fact]
    public async Task TryAcquire_LiveLease_ReturnsHeldNamingTheHolder()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var first = TestData.Lock("lab-fw1", owner: TestData.Actor("U-ALICE", "Alice"));
        await store.TryAcquireAsync(first, time.GetUtcNow(), Ct);
        time.Advance(TimeSpan.FromMinutes(14));

        var outcome = await store.TryAcquireAsync(TestData.Lock("lab-fw1", acquiredAt: time.GetUtcNow()), time.GetUtcNow(), Ct);

        var held = Assert.IsType<LockAcquisition.Held>(outcome);
        Assert.Equal(first.RequestId, held.Holder.RequestId);
        Assert.Equal("Alice", held.Holder.Owner.DisplayName);
        Assert.Equal(first.Runbook, held.Holder.Runbook);
        Assert.Equal(first.Incident, held.Holder.Incident);
    }

    [Fact]
    public async Task TryAcquire_HundredConcurrentCallers_ExactlyOneAcquiresAndTheOthersSeeTheWinner()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var now = time.GetUtcNow();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() =>
            store.TryAcquireAsync(TestData.Lock("lab-fw1", requestId: $"REQ-{i:D3}"), now, Ct))));

        var winner = Assert.Single(outcomes.OfType<LockAcquisition.Acquired>());
        var held = outcomes.OfType<LockAcquisition.Held>().ToList();
        Assert.Equal(99, held.Count);
        Assert.All(held, h => Assert.Equal(winner.Lock.RequestId, h.Holder.RequestId));
        Assert.Equal(winner.Lock.RequestId, (await store.GetAsync("lab-fw1", Ct))?.RequestId);
    }

    [Fact]
    public async Task TryAcquire_ExpiredLease_TakesOverAndReportsThePreviousHolder()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var stale = TestData.Lock("lab-fw1", lease: TimeSpan.FromMinutes(15));
        await store.TryAcquireAsync(stale, time.GetUtcNow(), Ct);
        time.Advance(TimeSpan.FromMinutes(15));

        var outcome = await store.TryAcquireAsync(TestData.Lock("lab-fw1", acquiredAt: time.GetUtcNow()), time.GetUtcNow(), Ct);

        var acquired = Assert.IsType<LockAcquisition.Acquired>(outcome);
        Assert.Equal(stale.RequestId, acquired.TookOver?.RequestId);
        Assert.Equal(acquired.Lock.RequestId, (await store.GetAsync("lab-fw1", Ct))?.RequestId);
    }

    [Fact]
    public async Task TryAcquire_RacingTakeOversOfAnExpiredLease_ExactlyOneWins()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var stale = TestData.Lock("lab-fw1");
        await store.TryAcquireAsync(stale, time.GetUtcNow(), Ct);
        time.Advance(TimeSpan.FromHours(1));
        var now = time.GetUtcNow();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 25).Select(i => Task.Run(() =>
            store.TryAcquireAsync(TestData.Lock("lab-fw1", requestId: $"REQ-T{i:D2}", acquiredAt: now), now, Ct))));

        var winner = Assert.Single(outcomes.OfType<LockAcquisition.Acquired>());
        Assert.Equal(stale.RequestId, winner.TookOver?.RequestId);
        Assert.All(outcomes.OfType<LockAcquisition.Held>(), h => Assert.Equal(winner.Lock.RequestId, h.Holder.RequestId));
        Assert.Equal(24, outcomes.OfType<LockAcquisition.Held>().Count());
    }

    [Fact]
    public async Task List_ReturnsEveryHeldLock()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        await store.TryAcquireAsync(TestData.Lock("lab-fw1"), time.GetUtcNow(), Ct);
        await store.TryAcquireAsync(TestData.Lock("lab-rtr2"), time.GetUtcNow(), Ct);

        var locks = await store.ListAsync(Ct);

        Assert.Equal(["lab-fw1", "lab-rtr2"], locks.Select(l => l.Device).Order());
        Assert.All(locks, l => Assert.False(string.IsNullOrEmpty(l.ETag)));
    }

    [Fact]
    public async Task Release_ByTheHolder_FreesTheDevice()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var held = TestData.Lock("lab-fw1");
        await store.TryAcquireAsync(held, time.GetUtcNow(), Ct);

        Assert.True(await store.ReleaseAsync("lab-fw1", held.RequestId, Ct));

        Assert.Null(await store.GetAsync("lab-fw1", Ct));
        Assert.IsType<LockAcquisition.Acquired>(await store.TryAcquireAsync(TestData.Lock("lab-fw1"), time.GetUtcNow(), Ct));
    }

    [Fact]
    public async Task Release_ByAnotherRequest_ReturnsFalseAndKeepsTheLock()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var held = TestData.Lock("lab-fw1");
        await store.TryAcquireAsync(held, time.GetUtcNow(), Ct);

        Assert.False(await store.ReleaseAsync("lab-fw1", "REQ-someone-else", Ct));

        Assert.Equal(held.RequestId, (await store.GetAsync("lab-fw1", Ct))?.RequestId);
    }

    [Fact]
    public async Task Release_FreeDevice_ReturnsFalse()
    {
        var store = await CreateStoreAsync(TestData.Clock());

        Assert.False(await store.ReleaseAsync("lab-free", "REQ-1", Ct));
    }

    [Fact]
    public async Task Renew_ByTheHolder_ExtendsTheLeaseUnderANewETag()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var acquired = Assert.IsType<LockAcquisition.Acquired>(await store.TryAcquireAsync(TestData.Lock("lab-fw1"), time.GetUtcNow(), Ct));
        time.Advance(TimeSpan.FromMinutes(10));
        var until = time.GetUtcNow().AddMinutes(15);

        var renewed = await store.RenewAsync(acquired.Lock, until, Ct);

        Assert.NotNull(renewed);
        Assert.Equal(until, renewed.LeaseUntil);
        Assert.NotEqual(acquired.Lock.ETag, renewed.ETag);
        Assert.Equal(until, (await store.GetAsync("lab-fw1", Ct))?.LeaseUntil);
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.IsType<LockAcquisition.Held>(await store.TryAcquireAsync(TestData.Lock("lab-fw1"), time.GetUtcNow(), Ct));
    }

    [Fact]
    public async Task State_IsKeptWithTheLock_AndARenewalMayChangeIt()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var acquired = Assert.IsType<LockAcquisition.Acquired>(await store.TryAcquireAsync(TestData.Lock("lab-fw1") with { State = LockState.AwaitingApproval }, time.GetUtcNow(), Ct));
        Assert.Equal(LockState.AwaitingApproval, (await store.GetAsync("lab-fw1", Ct))?.State);

        await store.RenewAsync(acquired.Lock with { State = LockState.Running }, time.GetUtcNow().AddMinutes(15), Ct);

        Assert.Equal(LockState.Running, (await store.GetAsync("lab-fw1", Ct))?.State);
        Assert.Equal(LockState.Running, Assert.Single(await store.ListAsync(Ct)).State);
    }

    [Fact]
    public async Task Renew_AfterAnotherRequestTookOver_ReturnsNull()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var mine = Assert.IsType<LockAcquisition.Acquired>(await store.TryAcquireAsync(TestData.Lock("lab-fw1"), time.GetUtcNow(), Ct));
        time.Advance(TimeSpan.FromMinutes(20));
        Assert.IsType<LockAcquisition.Acquired>(await store.TryAcquireAsync(TestData.Lock("lab-fw1", acquiredAt: time.GetUtcNow()), time.GetUtcNow(), Ct));

        Assert.Null(await store.RenewAsync(mine.Lock, time.GetUtcNow().AddMinutes(15), Ct));
    }

    [Fact]
    public async Task TryAcquireSession_UpToTheLimit_ThenNull()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var until = time.GetUtcNow().AddMinutes(5);

        var a = await store.TryAcquireSessionAsync("lab-fw1", 2, "worker-a", until, time.GetUtcNow(), Ct);
        var b = await store.TryAcquireSessionAsync("lab-fw1", 2, "worker-b", until, time.GetUtcNow(), Ct);
        var c = await store.TryAcquireSessionAsync("lab-fw1", 2, "worker-c", until, time.GetUtcNow(), Ct);
        var other = await store.TryAcquireSessionAsync("lab-rtr2", 2, "worker-c", until, time.GetUtcNow(), Ct);

        Assert.NotNull(a);
        Assert.NotNull(b);
        Assert.NotEqual(a.Slot, b.Slot);
        Assert.Null(c);
        Assert.NotNull(other);
    }

    [Fact]
    public async Task ReleaseSession_FreesTheSlotForTheNextHolder()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var until = time.GetUtcNow().AddMinutes(5);
        var slot = await store.TryAcquireSessionAsync("lab-fw1", 1, "worker-a", until, time.GetUtcNow(), Ct);

        await store.ReleaseSessionAsync(slot!, Ct);

        Assert.NotNull(await store.TryAcquireSessionAsync("lab-fw1", 1, "worker-b", until, time.GetUtcNow(), Ct));
    }

    [Fact]
    public async Task TryAcquireSession_ExpiredSlot_IsTakenByTheNextHolder()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        await store.TryAcquireSessionAsync("lab-fw1", 1, "worker-lost", time.GetUtcNow().AddMinutes(5), time.GetUtcNow(), Ct);
        time.Advance(TimeSpan.FromMinutes(5));

        var slot = await store.TryAcquireSessionAsync("lab-fw1", 1, "worker-b", time.GetUtcNow().AddMinutes(5), time.GetUtcNow(), Ct);

        Assert.Equal("worker-b", slot?.Holder);
    }

    [Fact]
    public async Task ReleaseSession_OfASlotTakenOverAfterExpiry_LeavesTheNewHolder()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var lost = await store.TryAcquireSessionAsync("lab-fw1", 1, "worker-lost", time.GetUtcNow().AddMinutes(5), time.GetUtcNow(), Ct);
        time.Advance(TimeSpan.FromMinutes(6));
        await store.TryAcquireSessionAsync("lab-fw1", 1, "worker-b", time.GetUtcNow().AddMinutes(5), time.GetUtcNow(), Ct);

        await store.ReleaseSessionAsync(lost!, Ct);

        Assert.Null(await store.TryAcquireSessionAsync("lab-fw1", 1, "worker-c", time.GetUtcNow().AddMinutes(5), time.GetUtcNow(), Ct));
    }

    [Fact]
    public async Task TryAcquireSession_TwentyConcurrentCallers_NeverExceedTheLimit()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var now = time.GetUtcNow();

        var slots = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            store.TryAcquireSessionAsync("lab-fw1", 3, $"worker-{i}", now.AddMinutes(5), now, Ct))));

        var taken = slots.Where(s => s is not null).ToList();
        Assert.Equal(3, taken.Count);
        Assert.Equal(3, taken.Select(s => s!.Slot).Distinct().Count());
    }
}
