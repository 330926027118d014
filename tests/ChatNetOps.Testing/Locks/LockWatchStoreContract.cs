namespace ChatNetOps.Testing.Locks;

using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Time.Testing;

/// <summary>What every <see cref="ILockWatchStore"/> must do (SQLite and Cosmos run it).</summary>
public abstract class LockWatchStoreContract
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    protected abstract Task<ILockWatchStore> CreateStoreAsync(FakeTimeProvider time);

    [Fact]
    public async Task Add_KeepsTheWatchWhole_AndTheSameWatcherOnTheSameLockOnce()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var watch = Watch(time, "lab-fw1", "R-1", "alice");

        Assert.True(await store.AddAsync(watch, Ct));
        Assert.False(await store.AddAsync(watch with { CreatedAt = time.GetUtcNow().AddMinutes(1) }, Ct));

        Assert.Equal(watch, Assert.Single(await store.ListAsync(Ct)));
    }

    [Fact]
    public async Task Add_OtherWatchersAndOtherLocks_AreKeptApart_OldestFirst()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var first = Watch(time, "lab-fw1", "R-1", "alice");
        time.Advance(TimeSpan.FromSeconds(1));
        var second = Watch(time, "lab-fw1", "R-1", "bob");
        time.Advance(TimeSpan.FromSeconds(1));
        var third = Watch(time, "lab-fw1", "R-2", "alice");

        Assert.True(await store.AddAsync(third, Ct));
        Assert.True(await store.AddAsync(first, Ct));
        Assert.True(await store.AddAsync(second, Ct));

        Assert.Equal([first, second, third], await store.ListAsync(Ct));
    }

    [Fact]
    public async Task Take_RacingSweeps_OnlyOneTakesEachWatch_AndItIsGone()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var watch = Watch(time, "lab-fw1", "R-1", "alice");
        await store.AddAsync(watch, Ct);

        var takes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => store.TakeAsync(watch, Ct)));

        Assert.Single(takes, t => t);
        Assert.Empty(await store.ListAsync(Ct));
        Assert.False(await store.TakeAsync(watch, Ct));
    }

    private static LockWatch Watch(FakeTimeProvider time, string device, string request, string user) =>
        new(device, request, new Actor(ChatPlatform.Slack, "U-" + user, user) { MemberId = user }, new ConversationRef(ChatPlatform.Slack, "C-ops", ChannelKind.Group) { Link = "https://example.slack.com/archives/C-ops" }, time.GetUtcNow());
}
