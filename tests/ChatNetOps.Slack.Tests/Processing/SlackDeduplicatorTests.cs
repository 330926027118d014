namespace ChatNetOps.Slack.Tests.Processing;

using ChatNetOps.Core.Channels;
using ChatNetOps.Slack.Processing;
using ChatNetOps.Slack.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using Moq;

/// <summary>Repeat detection in the shared chat state store (real SQLite; each store opened is one replica).</summary>
public sealed class SlackDeduplicatorTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly SqliteChatStateFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task TryBegin_SameKeyOnAnotherReplica_IsARepeat()
    {
        var time = new FakeTimeProvider();
        var replicaA = new SlackDeduplicator(_file.Open(time), time);
        var replicaB = new SlackDeduplicator(_file.Open(time), time);

        Assert.True(await replicaA.TryBeginAsync("ev:Ev0RETRY01", Ct));
        Assert.False(await replicaB.TryBeginAsync("ev:Ev0RETRY01", Ct));
        Assert.False(await replicaA.TryBeginAsync("ev:Ev0RETRY01", Ct));
        Assert.True(await replicaB.TryBeginAsync("ev:Ev0OTHER01", Ct));
    }

    [Fact]
    public async Task TryBegin_TwentyConcurrentDeliveriesAcrossReplicas_ExactlyOneBegins()
    {
        var time = new FakeTimeProvider();
        var replicas = Enumerable.Range(0, 3).Select(_ => new SlackDeduplicator(_file.Open(time), time)).ToList();

        var begun = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => replicas[i % 3].TryBeginAsync("ev:Ev0STORM01", Ct))));

        Assert.Single(begun, b => b);
    }

    [Fact]
    public async Task TryBegin_AfterTheRetention_BeginsAgain()
    {
        var time = new FakeTimeProvider();
        var dedup = new SlackDeduplicator(_file.Open(time), time);
        await dedup.TryBeginAsync("ev:Ev0LATE001", Ct);

        time.Advance(SlackDeduplicator.Retention - TimeSpan.FromSeconds(1));
        Assert.False(await dedup.TryBeginAsync("ev:Ev0LATE001", Ct));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await dedup.TryBeginAsync("ev:Ev0LATE001", Ct));
    }

    [Fact]
    public async Task TryBegin_AsksThePortOnce_UnderTheSlackPrefix_ForTheRetention()
    {
        var time = new FakeTimeProvider();
        var store = new Mock<IChatStateStore>();
        store.Setup(s => s.TryAddAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);

        await new SlackDeduplicator(store.Object, time).TryBeginAsync("ev:Ev0PORT001", Ct);

        store.Verify(s => s.TryAddAsync("slack:seen:ev:Ev0PORT001", It.IsAny<string>(), time.GetUtcNow() + SlackDeduplicator.Retention, It.IsAny<CancellationToken>()), Times.Once);
        store.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task TryBegin_WhenTheStoreFails_ThrowsChatStateUnavailable()
    {
        var store = new Mock<IChatStateStore>();
        store.Setup(s => s.TryAddAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TimeoutException("injected"));

        await Assert.ThrowsAsync<ChatStateUnavailableException>(() => new SlackDeduplicator(store.Object, new FakeTimeProvider()).TryBeginAsync("ev:Ev0DOWN001", Ct));
    }
}
