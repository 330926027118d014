namespace ChatNetOps.Conversation.Tests.Reports;

using System.Collections.Concurrent;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Conversation.Notifications;
using ChatNetOps.Conversation.Reports;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;
using ChatNetOps.Testing.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>The weekly digest: due times, once per week across restarts (the claim is in the chat state store), the loop on the clock.</summary>
public sealed class ReportDigestTests
{
    // The harness's clock starts on Monday 2026-11-23 09:00 UTC.
    private static readonly Dictionary<string, string?> Monday0800 = new()
    {
        ["Reports:Digest:Conversation"] = "slack:C0OPS0001",
        ["Reports:Digest:DayOfWeek"] = "Monday",
        ["Reports:Digest:Time"] = "08:00",
    };

    [Theory]
    [InlineData("2026-11-23T08:00:00Z", "2026-11-23T08:00:00Z", 7 * 24 * 60)]
    [InlineData("2026-11-23T07:59:00Z", "2026-11-16T08:00:00Z", 1)]
    [InlineData("2026-11-26T12:30:00Z", "2026-11-23T08:00:00Z", (3 * 24 + 19) * 60 + 30)]
    [InlineData("2026-11-29T23:59:00Z", "2026-11-23T08:00:00Z", 8 * 60 + 1)]
    public async Task TheDueTime_IsTheConfiguredDayAndTimeInUtc(string now, string latestDue, int minutesToNext)
    {
        await using var h = LifecycleHarness.Create(settings: Monday0800);
        var digest = h.Services.GetRequiredService<ReportDigest>();

        Assert.Equal(DateTimeOffset.Parse(latestDue, System.Globalization.CultureInfo.InvariantCulture), digest.LatestDue(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(TimeSpan.FromMinutes(minutesToNext), digest.UntilNext(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task EachWeek_IsSentOnce_EvenByAFreshInstanceAfterARestart()
    {
        await using var h = LifecycleHarness.Create(settings: Monday0800);
        await h.SayAsync("alice", "clear-ospf-neighbor device=dist-sw-01 neighbor=198.51.100.7"); // a refusal at 09:00 Monday: after this week's due time, so in next week's digest

        Assert.True(await h.Services.GetRequiredService<ReportDigest>().TrySendAsync(CancellationToken.None));
        Assert.False(await h.Services.GetRequiredService<ReportDigest>().TrySendAsync(CancellationToken.None));
        // A restarted bot holds nothing in memory: only the claim in the store stops it.
        h.Time.Advance(TimeSpan.FromDays(2));
        Assert.False(await ActivatorUtilities.CreateInstance<ReportDigest>(h.Services).TrySendAsync(CancellationToken.None));

        h.Time.Advance(TimeSpan.FromDays(5));
        Assert.True(await ActivatorUtilities.CreateInstance<ReportDigest>(h.Services).TrySendAsync(CancellationToken.None));

        var posts = h.Slack.Posts.Select(p => p.Message).ToList();
        Assert.Equal(2, posts.Count);
        Assert.All(posts, p => Assert.Equal(CardNames.ReportSummary, p.CardName));
        Assert.All(posts, p => Assert.NotNull(p.File));
        Assert.Contains("2026-11-16 08:00 to 2026-11-23 08:00 UTC", LifecycleHarness.Render(posts[0]), StringComparison.Ordinal);
        Assert.DoesNotContain("clear-ospf-neighbor", LifecycleHarness.Render(posts[0]), StringComparison.Ordinal);
        Assert.Contains("2026-11-23 08:00 to 2026-11-30 08:00 UTC", LifecycleHarness.Render(posts[1]), StringComparison.Ordinal);
        Assert.Contains("clear-ospf-neighbor", LifecycleHarness.Render(posts[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAConversation_NothingIsSent()
    {
        await using var h = LifecycleHarness.Create();

        Assert.False(await h.Services.GetRequiredService<ReportDigest>().TrySendAsync(CancellationToken.None));
        Assert.Empty(h.Slack.Posts);
    }

    [Theory]
    [InlineData("C0OPS0001")]
    [InlineData("irc:#ops")]
    [InlineData("slack:")]
    public void AConversationWithoutAKnownPlatform_IsAConfigurationError(string value) =>
        Assert.Contains("is not PLATFORM:CONVERSATION-ID", Assert.Throws<InvalidOperationException>(() => ReportDigest.Parse(value)).Message, StringComparison.Ordinal);

    [Fact]
    public async Task TheService_SendsAtStartForAMissedWeek_ThenAtEachDueTime()
    {
        await using var h = LifecycleHarness.Create(settings: Monday0800);
        var time = new TimerWatchingTimeProvider();
        time.Fake.SetUtcNow(h.Time.GetUtcNow());
        var channel = new SignallingChannel();
        var digest = ActivatorUtilities.CreateInstance<ReportDigest>(h.Services, time, (IEnumerable<IChatChannel>)[channel]);
        using var service = new ReportDigestService(digest, time, NullLogger<ReportDigestService>.Instance);

        await service.StartAsync(CancellationToken.None);
        var first = await channel.NextAsync();
        await time.WaitForTimerAsync();
        time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromHours(1));
        var second = await channel.NextAsync();
        await time.WaitForTimerAsync();
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(("C0OPS0001", ChatPlatform.Slack), (first.Conversation.ConversationId, first.Conversation.Platform));
        Assert.Contains("2026-11-16 08:00 to 2026-11-23 08:00 UTC", LifecycleHarness.Render(first.Message), StringComparison.Ordinal);
        Assert.Contains("2026-11-23 08:00 to 2026-11-30 08:00 UTC", LifecycleHarness.Render(second.Message), StringComparison.Ordinal);
        Assert.Equal(2, channel.Count);
    }

    private sealed class SignallingChannel : IChatChannel
    {
        private readonly ConcurrentQueue<(ConversationRef, OutboundMessage)> _posts = new();
        private readonly SemaphoreSlim _posted = new(0);
        private int _count;

        public ChatPlatform Platform => ChatPlatform.Slack;

        public int Count => _count;

        public Task<string> SendAsync(ConversationRef conversation, OutboundMessage message, CancellationToken cancellationToken)
        {
            _posts.Enqueue((conversation, message));
            Interlocked.Increment(ref _count);
            _posted.Release();
            return Task.FromResult("ts-" + _count);
        }

        public Task UpdateAsync(ConversationRef conversation, string messageId, OutboundMessage message, CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task<(ConversationRef Conversation, OutboundMessage Message)> NextAsync()
        {
            Assert.True(await _posted.WaitAsync(TimeSpan.FromSeconds(30)), "the digest was not sent");
            Assert.True(_posts.TryDequeue(out var post));
            return post;
        }
    }
}
