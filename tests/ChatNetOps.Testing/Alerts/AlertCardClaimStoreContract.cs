namespace ChatNetOps.Testing.Alerts;

using ChatNetOps.Core.Alerts;
using Microsoft.Extensions.Time.Testing;

/// <summary>
/// The behaviour every <see cref="IAlertCardClaimStore"/> must have. Derive; <see cref="CreateStoresAsync"/> opens
/// <c>count</c> stores over one fresh, empty backing store, as that many bot replicas would.
/// </summary>
public abstract class AlertCardClaimStoreContract
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    protected abstract Task<IReadOnlyList<IAlertCardClaimStore>> CreateStoresAsync(FakeTimeProvider time, int count);

    [Fact]
    public async Task FirstClaim_Wins_AnotherOwnerIsRefusedWhileItRuns()
    {
        var time = TestData.Clock();
        var stores = await CreateStoresAsync(time, 2);
        var now = time.GetUtcNow();

        Assert.True(await stores[0].TryClaimAsync("ALR-1000000001", "replica-a", now, now + Lease, Ct));
        Assert.False(await stores[1].TryClaimAsync("ALR-1000000001", "replica-b", now, now + Lease, Ct));
        Assert.False(await stores[1].TryClaimAsync("ALR-1000000001", "replica-b", now + Lease - TimeSpan.FromSeconds(1), now + Lease + Lease, Ct));
    }

    [Fact]
    public async Task SameOwner_ClaimsAgain_AndRenews()
    {
        var time = TestData.Clock();
        var store = (await CreateStoresAsync(time, 1))[0];
        var now = time.GetUtcNow();
        Assert.True(await store.TryClaimAsync("ALR-1000000002", "replica-a", now, now + Lease, Ct));

        Assert.True(await store.TryClaimAsync("ALR-1000000002", "replica-a", now + TimeSpan.FromMinutes(1), now + TimeSpan.FromMinutes(5), Ct));

        // Renewed to +5 min: another owner is still refused after the first lease would have run out.
        Assert.False(await store.TryClaimAsync("ALR-1000000002", "replica-b", now + TimeSpan.FromMinutes(3), now + TimeSpan.FromMinutes(6), Ct));
    }

    [Fact]
    public async Task ExpiredClaim_OfACrashedReplica_IsTakenOver_OnceOnly()
    {
        var time = TestData.Clock();
        var stores = await CreateStoresAsync(time, 3);
        var now = time.GetUtcNow();
        Assert.True(await stores[0].TryClaimAsync("ALR-1000000003", "crashed", now, now + Lease, Ct));

        var later = now + Lease;
        Assert.True(await stores[1].TryClaimAsync("ALR-1000000003", "replica-b", later, later + Lease, Ct));
        Assert.False(await stores[2].TryClaimAsync("ALR-1000000003", "replica-c", later, later + Lease, Ct));
        Assert.False(await stores[0].TryClaimAsync("ALR-1000000003", "crashed", later, later + Lease, Ct));
    }

    [Fact]
    public async Task ClaimsOfDifferentIncidents_AreSeparate()
    {
        var time = TestData.Clock();
        var store = (await CreateStoresAsync(time, 1))[0];
        var now = time.GetUtcNow();

        Assert.True(await store.TryClaimAsync("ALR-1000000004", "replica-a", now, now + Lease, Ct));
        Assert.True(await store.TryClaimAsync("ALR-1000000005", "replica-b", now, now + Lease, Ct));
        Assert.True(await store.TryClaimAsync("INC-a/b#c?d Ünï", "replica-b", now, now + Lease, Ct));
    }

    [Fact]
    public async Task ConcurrentClaims_FromTwoReplicas_HaveExactlyOneWinner()
    {
        var time = TestData.Clock();
        var stores = await CreateStoresAsync(time, 2);
        var now = time.GetUtcNow();
        var incidents = Enumerable.Range(0, 10).Select(i => $"ALR-20000000{i:D2}").ToArray();

        var claims = await Task.WhenAll(incidents.SelectMany(incident => Enumerable.Range(0, 6).Select(i =>
            Task.Run(() => stores[i % 2].TryClaimAsync(incident, $"replica-{i}", now, now + Lease, Ct)).ContinueWith(t => (incident, won: t.Result), TaskScheduler.Default))));

        Assert.All(claims.GroupBy(c => c.incident), g => Assert.Single(g, c => c.won));
    }
}
