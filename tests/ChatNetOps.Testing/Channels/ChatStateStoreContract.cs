namespace ChatNetOps.Testing.Channels;

using ChatNetOps.Core.Channels;
using Microsoft.Extensions.Time.Testing;

/// <summary>The behaviour every <see cref="IChatStateStore"/> must have.</summary>
public abstract class ChatStateStoreContract
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    protected abstract Task<IChatStateStore> CreateStoreAsync(FakeTimeProvider time);

    [Fact]
    public async Task TryAdd_NewKey_ReturnsTrue_AndGetReturnsTheValue()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);

        Assert.True(await store.TryAddAsync("slack:seen:ev:Ev0001", "first", time.GetUtcNow() + Lifetime, Ct));

        Assert.Equal("first", await store.GetAsync("slack:seen:ev:Ev0001", Ct));
    }

    [Fact]
    public async Task TryAdd_KeyThatIsUnexpired_ReturnsFalse_AndKeepsTheFirstValue()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        await store.TryAddAsync("k", "first", time.GetUtcNow() + Lifetime, Ct);
        time.Advance(Lifetime - TimeSpan.FromSeconds(1));

        Assert.False(await store.TryAddAsync("k", "second", time.GetUtcNow() + Lifetime, Ct));

        Assert.Equal("first", await store.GetAsync("k", Ct));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await store.GetAsync("k", Ct));
    }

    [Fact]
    public async Task TryAdd_FiftyConcurrentCallers_ExactlyOneWins_AndItsValueIsStored()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var expires = time.GetUtcNow() + Lifetime;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
            (Caller: i, Added: await store.TryAddAsync("slack:seen:ev:Ev0RACE", $"caller-{i}", expires, Ct)))));

        var winner = Assert.Single(outcomes, o => o.Added);
        Assert.Equal($"caller-{winner.Caller}", await store.GetAsync("slack:seen:ev:Ev0RACE", Ct));
    }

    [Fact]
    public async Task Get_ReturnsTheValueUntilItsExpiry_AndNullFromThen()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        await store.TryAddAsync("k", "v", time.GetUtcNow() + Lifetime, Ct);

        time.Advance(Lifetime - TimeSpan.FromMilliseconds(1));
        Assert.Equal("v", await store.GetAsync("k", Ct));

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(await store.GetAsync("k", Ct));
    }

    [Fact]
    public async Task TryAdd_ExpiredKey_IsTakenAgain_WithTheNewValueAndExpiry()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        await store.TryAddAsync("k", "old", time.GetUtcNow() + Lifetime, Ct);
        time.Advance(Lifetime);

        Assert.True(await store.TryAddAsync("k", "new", time.GetUtcNow() + TimeSpan.FromMinutes(1), Ct));

        Assert.Equal("new", await store.GetAsync("k", Ct));
        Assert.False(await store.TryAddAsync("k", "newer", time.GetUtcNow() + Lifetime, Ct));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await store.GetAsync("k", Ct));
    }

    [Fact]
    public async Task TryAdd_FiftyConcurrentCallersOnAnExpiredKey_ExactlyOneTakesItOver()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        await store.TryAddAsync("k", "stale", time.GetUtcNow() + Lifetime, Ct);
        time.Advance(TimeSpan.FromHours(1));
        var expires = time.GetUtcNow() + Lifetime;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
            (Caller: i, Added: await store.TryAddAsync("k", $"caller-{i}", expires, Ct)))));

        var winner = Assert.Single(outcomes, o => o.Added);
        Assert.Equal($"caller-{winner.Caller}", await store.GetAsync("k", Ct));
    }

    [Fact]
    public async Task Get_UnknownKey_ReturnsNull_AndKeysMatchExactly()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        await store.TryAddAsync("slack:form:abc", "v", time.GetUtcNow() + Lifetime, Ct);

        Assert.Null(await store.GetAsync("slack:form:ab", Ct));
        Assert.Null(await store.GetAsync("slack:form:abcd", Ct));
        Assert.Null(await store.GetAsync("SLACK:FORM:ABC", Ct));
        Assert.Null(await store.GetAsync("slack:form:abc ", Ct));
    }

    [Fact]
    public async Task Keys_AreIndependent_AndExpiringOnesLeaveLiveOnesAlone()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        for (var i = 0; i < 30; i++)
        {
            Assert.True(await store.TryAddAsync($"short-{i}", $"s{i}", time.GetUtcNow() + TimeSpan.FromMinutes(1), Ct));
        }

        Assert.True(await store.TryAddAsync("long", "kept", time.GetUtcNow() + TimeSpan.FromHours(2), Ct));
        time.Advance(TimeSpan.FromMinutes(5));

        // Adds after the short ones expired (a store may prune expired entries while adding).
        for (var i = 0; i < 30; i++)
        {
            Assert.True(await store.TryAddAsync($"later-{i}", $"l{i}", time.GetUtcNow() + TimeSpan.FromMinutes(10), Ct));
        }

        Assert.Equal("kept", await store.GetAsync("long", Ct));
        Assert.Equal("l29", await store.GetAsync("later-29", Ct));
        Assert.Null(await store.GetAsync("short-0", Ct));
        Assert.True(await store.TryAddAsync("short-0", "again", time.GetUtcNow() + TimeSpan.FromMinutes(1), Ct));
    }

    [Theory]
    [InlineData("slack:seen:ba:U0ALICE0001:1700000100.000001:b1:approve")]
    [InlineData("a/b\\c?d#e%20f&g=h'i\"j k")]
    [InlineData("Ünïcödé 会话 ✓ 🚀")]
    [InlineData("tab\tnew\nline\r")]
    [InlineData(" ")]
    public async Task AnyKey_RoundTrips(string key)
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);

        Assert.True(await store.TryAddAsync(key, "v:" + key, time.GetUtcNow() + Lifetime, Ct));

        Assert.Equal("v:" + key, await store.GetAsync(key, Ct));
        Assert.False(await store.TryAddAsync(key, "again", time.GetUtcNow() + Lifetime, Ct));
    }

    [Fact]
    public async Task LongKeys_RoundTrip_AndDifferInTheirLastCharacter()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var stem = "slack:seen:vs:" + string.Concat(Enumerable.Repeat("V0LONGVIEW-", 400));

        Assert.True(await store.TryAddAsync(stem + "a", "a", time.GetUtcNow() + Lifetime, Ct));
        Assert.True(await store.TryAddAsync(stem + "b", "b", time.GetUtcNow() + Lifetime, Ct));

        Assert.Equal("a", await store.GetAsync(stem + "a", Ct));
        Assert.Equal("b", await store.GetAsync(stem + "b", Ct));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"id\":\"9f3c\",\"verb\":\"reject\",\"data\":{\"requestId\":\"REQ-1\",\"note\":\"ünïcödé ✓ \\u0000 <&>\"}}")]
    [InlineData("line 1\nline 2\r\n\ttabbed \"quoted\" 'single' \\ back")]
    public async Task Values_RoundTripExactly(string value)
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);

        await store.TryAddAsync("k", value, time.GetUtcNow() + Lifetime, Ct);

        Assert.Equal(value, await store.GetAsync("k", Ct));
    }

    [Fact]
    public async Task LargeValue_RoundTripsExactly()
    {
        var time = TestData.Clock();
        var store = await CreateStoreAsync(time);
        var value = string.Concat(Enumerable.Range(0, 4000).Select(i => $"{i:D5}|ü✓|"));

        await store.TryAddAsync("big", value, time.GetUtcNow() + Lifetime, Ct);

        Assert.Equal(value, await store.GetAsync("big", Ct));
    }
}
