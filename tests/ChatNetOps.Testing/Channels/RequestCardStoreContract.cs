namespace ChatNetOps.Testing.Channels;

using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Policy;
using Microsoft.Extensions.Time.Testing;

/// <summary>The behaviour every <see cref="IRequestCardStore"/> must have. Derive, and create a fresh, empty store per call.</summary>
public abstract class RequestCardStoreContract
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    protected abstract Task<IRequestCardStore> CreateStoreAsync(FakeTimeProvider time);

    [Fact]
    public async Task Save_ThenGet_RoundTripsEveryField()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var card = TestData.Card(platform: ChatPlatform.Teams, conversationId: "19:3f1e0a2b6c8d4e5f@thread.tacv2", messageId: "1:1c0BXp2uTgZ0dl-Ks6UP1aT8") with
        {
            Link = "https://teams.microsoft.com/l/message/19:3f1e0a2b6c8d4e5f@thread.tacv2/1712345678901",
        };

        await store.SaveAsync(card, Ct);

        Assert.Equal(card, await store.GetAsync(card.RequestId, Ct));
    }

    [Fact]
    public async Task Save_WithoutALink_KeepsItNull()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var card = TestData.Card() with { Link = null };

        await store.SaveAsync(card, Ct);

        Assert.Equal(card, await store.GetAsync(card.RequestId, Ct));
    }

    [Fact]
    public async Task Get_RequestWithoutACard_ReturnsNull()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var card = TestData.Card();
        await store.SaveAsync(card, Ct);

        Assert.Null(await store.GetAsync(card.RequestId + "x", Ct));
        Assert.Null(await store.GetAsync(card.RequestId.ToLowerInvariant(), Ct));
    }

    [Fact]
    public async Task Save_Again_ReplacesTheCard()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var first = TestData.Card(messageId: "1710408413.000200");
        await store.SaveAsync(first, Ct);
        var reposted = first with { MessageId = "1710408999.000300", Link = null };

        await store.SaveAsync(reposted, Ct);

        Assert.Equal(reposted, await store.GetAsync(first.RequestId, Ct));
    }

    [Fact]
    public async Task Cards_OfDifferentRequests_AreSeparate()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var a = TestData.Card(messageId: "1.1");
        var b = TestData.Card(messageId: "2.2");

        await store.SaveAsync(a, Ct);
        await store.SaveAsync(b, Ct);

        Assert.Equal(a, await store.GetAsync(a.RequestId, Ct));
        Assert.Equal(b, await store.GetAsync(b.RequestId, Ct));
    }

    [Theory]
    [InlineData("R-0123ABCD")]
    [InlineData("a/b\\c?d#e%20f")]
    [InlineData("Ünïcödé ✓")]
    public async Task AnyRequestId_RoundTrips(string requestId)
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var card = TestData.Card(requestId);

        await store.SaveAsync(card, Ct);

        Assert.Equal(card, await store.GetAsync(requestId, Ct));
    }

    [Fact]
    public async Task ConcurrentSaves_OfOneRequest_LeaveOneOfThemWhole()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var requestId = TestData.Id("REQ");
        var cards = Enumerable.Range(0, 20).Select(i => TestData.Card(requestId, messageId: $"17104084{i:D2}.000200")).ToList();

        await Task.WhenAll(cards.Select(c => Task.Run(() => store.SaveAsync(c, Ct))));

        Assert.Contains(await store.GetAsync(requestId, Ct), cards);
    }
}
