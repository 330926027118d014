namespace ChatNetOps.Teams.Tests.Connector;

using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Policy;
using ChatNetOps.Teams.Connector;
using ChatNetOps.Teams.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

/// <summary>serviceUrls survive a restart through the store, and only ever come from validated activities.</summary>
public sealed class ServiceUrlRegistryTests : IDisposable
{
    private const string Channel = "19:incident@thread.tacv2";
    private const string Thread = Channel + ";messageid=1712345678901";
    private const string ServiceUrl = "https://smba.trafficmanager.net/emea/";
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly TempEndpointStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task AfterARestart_TheConversationAndItsThreads_FindTheServiceUrlAndTrustIt()
    {
        await _store.NewRegistry().RecordAsync(ServiceUrl, "tenant-1", Channel, Thread, Ct);

        var restarted = _store.NewRegistry();
        Assert.False(restarted.IsTrusted(new Uri(ServiceUrl)));

        Assert.Equal(new Uri(ServiceUrl), await restarted.FindAsync(Channel + ";messageid=99", Ct));
        Assert.Equal(new Uri(ServiceUrl), await restarted.FindAsync(Channel, Ct));
        Assert.True(restarted.IsTrusted(new Uri(ServiceUrl)));
        var stored = await _store.Open().GetAsync(ChatPlatform.Teams, Channel, Ct);
        Assert.Equal("tenant-1", stored?.TenantId);
    }

    [Fact]
    public async Task AConversationNeverHeardFrom_HasNoServiceUrl_AndNothingBecomesTrusted()
    {
        await _store.NewRegistry().RecordAsync(ServiceUrl, null, Channel, null, Ct);
        var restarted = _store.NewRegistry();

        Assert.Null(await restarted.FindAsync("19:other@thread.tacv2", Ct));
        Assert.False(restarted.IsTrusted(new Uri(ServiceUrl)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ftp://smba.trafficmanager.net/emea/")]
    [InlineData("/relative/only")]
    public async Task AnUnusableServiceUrl_IsNeitherRecordedNorSaved(string? serviceUrl)
    {
        var registry = _store.NewRegistry();

        Assert.Null(await registry.RecordAsync(serviceUrl, null, Channel, null, Ct));
        Assert.Null(await registry.FindAsync(Channel, Ct));
        Assert.Null(await _store.Open().GetAsync(ChatPlatform.Teams, Channel, Ct));
    }

    [Fact]
    public async Task AnUnchangedServiceUrl_IsSavedOncePerDay_AndAgainAtOnceWhenItChanges()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        var store = new Mock<IConversationEndpointStore>();
        var registry = new ServiceUrlRegistry(store.Object, ServiceUrlPolicies.For(), time, NullLogger<ServiceUrlRegistry>.Instance);

        for (var i = 0; i < 5; i++)
        {
            await registry.RecordAsync(ServiceUrl, null, Channel, Thread, Ct);
        }

        store.Verify(s => s.SaveAsync(It.IsAny<ConversationEndpoint>(), It.IsAny<CancellationToken>()), Times.Once);

        time.Advance(ServiceUrlRegistry.RefreshInterval);
        await registry.RecordAsync(ServiceUrl, null, Channel, Thread, Ct);
        store.Verify(s => s.SaveAsync(It.Is<ConversationEndpoint>(e => e.SeenAt == time.GetUtcNow()), It.IsAny<CancellationToken>()), Times.Once);

        await registry.RecordAsync("https://smba.trafficmanager.net/amer", null, Channel, Thread, Ct);
        store.Verify(s => s.SaveAsync(It.Is<ConversationEndpoint>(e => e.ServiceUrl == "https://smba.trafficmanager.net/amer/" && e.ConversationId == Channel), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(new Uri("https://smba.trafficmanager.net/amer/"), await registry.FindAsync(Thread, Ct));
    }

    [Fact]
    public async Task AStoreFailure_StillAnswersTheActivity_AndTheNextActivitySavesAgain()
    {
        var store = new Mock<IConversationEndpointStore>();
        store.SetupSequence(s => s.SaveAsync(It.IsAny<ConversationEndpoint>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("store down"))
            .Returns(Task.CompletedTask);
        var registry = new ServiceUrlRegistry(store.Object, ServiceUrlPolicies.For(), TimeProvider.System, NullLogger<ServiceUrlRegistry>.Instance);

        Assert.Equal(new Uri(ServiceUrl), await registry.RecordAsync(ServiceUrl, null, Channel, null, Ct));
        Assert.Equal(new Uri(ServiceUrl), await registry.FindAsync(Channel, Ct));
        await registry.RecordAsync(ServiceUrl, null, Channel, null, Ct);
        await registry.RecordAsync(ServiceUrl, null, Channel, null, Ct);

        store.Verify(s => s.SaveAsync(It.IsAny<ConversationEndpoint>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }
}
