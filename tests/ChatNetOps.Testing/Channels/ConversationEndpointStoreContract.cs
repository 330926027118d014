namespace ChatNetOps.Testing.Channels;

using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Policy;
using Microsoft.Extensions.Time.Testing;

/// <summary>The behaviour every <see cref="IConversationEndpointStore"/> must have.</summary>
public abstract class ConversationEndpointStoreContract
{
    private const string ChannelId = "19:3f1e0a2b6c8d4e5f@thread.tacv2";
    private const string ServiceUrl = "https://smba.trafficmanager.net/emea/";

    private static readonly CancellationToken Ct = CancellationToken.None;

    protected abstract Task<IConversationEndpointStore> CreateStoreAsync(FakeTimeProvider time);

    [Fact]
    public async Task Save_ThenGet_RoundTripsEveryFieldExactly()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var endpoint = new ConversationEndpoint(ChatPlatform.Teams, ChannelId, ServiceUrl, new DateTimeOffset(2025, 3, 14, 11, 0, 0, TimeSpan.FromHours(2)).AddTicks(3))
        {
            TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47",
        };

        await store.SaveAsync(endpoint, Ct);
        var stored = await store.GetAsync(ChatPlatform.Teams, ChannelId, Ct);

        Assert.NotNull(stored);
        Assert.Equal(endpoint, stored);
        Assert.Equal(endpoint.SeenAt.Offset, stored.SeenAt.Offset);
    }

    [Fact]
    public async Task Get_UnknownConversation_ReturnsNull()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        await store.SaveAsync(new ConversationEndpoint(ChatPlatform.Teams, ChannelId, ServiceUrl, TestData.Epoch), Ct);

        Assert.Null(await store.GetAsync(ChatPlatform.Teams, ChannelId + "x", Ct));
        Assert.Null(await store.GetAsync(ChatPlatform.Teams, ChannelId.ToUpperInvariant(), Ct));
    }

    [Fact]
    public async Task Save_Again_ReplacesTheEndpoint()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        await store.SaveAsync(new ConversationEndpoint(ChatPlatform.Teams, ChannelId, ServiceUrl, TestData.Epoch) { TenantId = "t-1" }, Ct);
        var moved = new ConversationEndpoint(ChatPlatform.Teams, ChannelId, "https://smba.trafficmanager.net/amer/", TestData.Epoch.AddHours(1));

        await store.SaveAsync(moved, Ct);

        Assert.Equal(moved, await store.GetAsync(ChatPlatform.Teams, ChannelId, Ct));
    }

    [Fact]
    public async Task Platforms_AreSeparateNamespaces()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var teams = new ConversationEndpoint(ChatPlatform.Teams, "C-1", ServiceUrl, TestData.Epoch);
        var slack = new ConversationEndpoint(ChatPlatform.Slack, "C-1", "https://slack.com/api/", TestData.Epoch.AddMinutes(1));

        await store.SaveAsync(teams, Ct);
        await store.SaveAsync(slack, Ct);

        Assert.Equal(teams, await store.GetAsync(ChatPlatform.Teams, "C-1", Ct));
        Assert.Equal(slack, await store.GetAsync(ChatPlatform.Slack, "C-1", Ct));
    }

    [Theory]
    [InlineData("a:1Xq9-ZB/3k?x#y%20z\\w")]
    [InlineData("19:meeting_NjQ4ZjE5ZTYtOGRmMi00@thread.v2;messageid=1712345678901")]
    [InlineData("29:1abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_1abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_1abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_1abcdefghijklmnopqrstuvwxyz")]
    [InlineData("Ünïcödé 会话 ✓")]
    public async Task AnyConversationId_RoundTrips(string conversationId)
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var endpoint = new ConversationEndpoint(ChatPlatform.Teams, conversationId, ServiceUrl, TestData.Epoch);

        await store.SaveAsync(endpoint, Ct);

        Assert.Equal(endpoint, await store.GetAsync(ChatPlatform.Teams, conversationId, Ct));
    }

    [Fact]
    public async Task ConcurrentSaves_OfOneConversation_LeaveOneOfThemWhole()
    {
        var store = await CreateStoreAsync(TestData.Clock());
        var endpoints = Enumerable.Range(0, 20)
            .Select(i => new ConversationEndpoint(ChatPlatform.Teams, ChannelId, $"https://smba.trafficmanager.net/r{i}/", TestData.Epoch.AddSeconds(i)) { TenantId = $"t-{i}" })
            .ToList();

        await Task.WhenAll(endpoints.Select(e => store.SaveAsync(e, Ct)));

        var stored = await store.GetAsync(ChatPlatform.Teams, ChannelId, Ct);
        Assert.Contains(stored, endpoints);
    }
}
