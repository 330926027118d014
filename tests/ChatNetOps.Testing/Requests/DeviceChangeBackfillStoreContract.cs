namespace ChatNetOps.Testing.Requests;

using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Time.Testing;

/// <summary>
/// The behaviour every <see cref="IDeviceChangeBackfillStore"/> must have. Derive; <see cref="CreateStoresAsync"/> opens
/// <c>count</c> stores over one fresh, empty backing store, as that many bot replicas would.
/// </summary>
public abstract class DeviceChangeBackfillStoreContract
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    protected abstract Task<IReadOnlyList<IDeviceChangeBackfillStore>> CreateStoresAsync(FakeTimeProvider time, int count);

    [Fact]
    public async Task FreshStore_HasNoMarker_AClaimRecordsItsOwnerAndLease()
    {
        var time = TestData.Clock();
        var store = (await CreateStoresAsync(time, 1))[0];
        var now = time.GetUtcNow();
        Assert.Null(await store.GetAsync(Ct));

        Assert.True(await store.TryClaimAsync("replica-a", now, now + Lease, Ct));

        var marker = await store.GetAsync(Ct);
        Assert.Equal(new DeviceChangeBackfillState("replica-a", now + Lease, null), marker);
        Assert.False(marker!.IsDone);
    }

    [Fact]
    public async Task AnotherOwner_IsRefusedWhileTheClaimRuns_TheOwnerRenews_ARunOutClaimIsTakenOver()
    {
        var time = TestData.Clock();
        var stores = await CreateStoresAsync(time, 2);
        var now = time.GetUtcNow();
        Assert.True(await stores[0].TryClaimAsync("replica-a", now, now + Lease, Ct));

        Assert.False(await stores[1].TryClaimAsync("replica-b", now + Lease - TimeSpan.FromSeconds(1), now + Lease + Lease, Ct));
        Assert.True(await stores[0].TryClaimAsync("replica-a", now + TimeSpan.FromMinutes(2), now + TimeSpan.FromMinutes(9), Ct));
        Assert.False(await stores[1].TryClaimAsync("replica-b", now + TimeSpan.FromMinutes(6), now + TimeSpan.FromMinutes(11), Ct));

        // replica-a died: once its renewed claim ran out, replica-b takes it, and replica-a is refused.
        var later = now + TimeSpan.FromMinutes(9);
        Assert.True(await stores[1].TryClaimAsync("replica-b", later, later + Lease, Ct));
        Assert.False(await stores[0].TryClaimAsync("replica-a", later, later + Lease, Ct));
        Assert.Equal("replica-b", (await stores[0].GetAsync(Ct))!.Owner);
    }

    [Fact]
    public async Task Completed_IsDoneForEveryReplica_NoClaimAfterIt_ASecondCompletionKeepsTheFirst()
    {
        var time = TestData.Clock();
        var stores = await CreateStoresAsync(time, 2);
        var now = time.GetUtcNow();
        Assert.True(await stores[0].TryClaimAsync("replica-a", now, now + Lease, Ct));
        var done = new DeviceChangeBackfillState("replica-a", now + TimeSpan.FromMinutes(1), now + TimeSpan.FromMinutes(1))
        {
            Events = 1_000_000, Runs = 42, Recorded = 17, Skipped = 2, BrokenChains = 1,
        };

        await stores[0].CompleteAsync(done, Ct);
        await stores[1].CompleteAsync(done with { Owner = "replica-b", CompletedAt = now + TimeSpan.FromMinutes(3), Runs = 0 }, Ct);

        Assert.Equal(done, await stores[1].GetAsync(Ct));
        Assert.False(await stores[0].TryClaimAsync("replica-a", now + TimeSpan.FromHours(1), now + TimeSpan.FromHours(2), Ct));
        Assert.False(await stores[1].TryClaimAsync("replica-b", now + TimeSpan.FromHours(1), now + TimeSpan.FromHours(2), Ct));
        Assert.Equal(done, await stores[0].GetAsync(Ct));
    }

    [Fact]
    public async Task ConcurrentClaims_FromManyReplicas_HaveExactlyOneWinner()
    {
        var time = TestData.Clock();
        var stores = await CreateStoresAsync(time, 3);
        var now = time.GetUtcNow();

        var claims = await Task.WhenAll(Enumerable.Range(0, 9).Select(i => Task.Run(() => stores[i % 3].TryClaimAsync($"replica-{i}", now, now + Lease, Ct))));

        Assert.Single(claims, won => won);
        var winner = Array.IndexOf(claims, true);
        Assert.Equal($"replica-{winner}", (await stores[0].GetAsync(Ct))!.Owner);
    }
}
