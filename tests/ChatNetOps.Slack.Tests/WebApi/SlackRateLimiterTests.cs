namespace ChatNetOps.Slack.Tests.WebApi;

using ChatNetOps.Slack.WebApi;
using Microsoft.Extensions.Time.Testing;

public sealed class SlackRateLimiterTests
{
    [Fact]
    public async Task Tier3Method_51stCallInAMinute_WaitsUntilTheWindowMoves()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-14T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var limiter = new SlackRateLimiter(time);
        for (var i = 0; i < RateTier.Tier3.Calls; i++)
        {
            Assert.Equal(TimeSpan.Zero, await limiter.WaitAsync(SlackMethods.Update, null, CancellationToken.None));
        }

        var held = limiter.WaitAsync(SlackMethods.Update, null, CancellationToken.None);
        Assert.False(held.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(TimeSpan.FromSeconds(60), await held.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task PostMessage_IsLimitedPerChannel_NotAcrossChannels()
    {
        var time = new FakeTimeProvider();
        var limiter = new SlackRateLimiter(time);
        for (var i = 0; i < RateTier.PostMessagePerChannel.Calls; i++)
        {
            await limiter.WaitAsync(SlackMethods.PostMessage, "C1", CancellationToken.None);
        }

        var sameChannel = limiter.WaitAsync(SlackMethods.PostMessage, "C1", CancellationToken.None);
        var otherChannel = limiter.WaitAsync(SlackMethods.PostMessage, "C2", CancellationToken.None);

        Assert.False(sameChannel.IsCompleted);
        Assert.True(otherChannel.IsCompletedSuccessfully);
        time.Advance(RateTier.PostMessagePerChannel.Window);
        await sameChannel.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AfterA429_TheMethodPausesForRetryAfter()
    {
        var time = new FakeTimeProvider();
        var limiter = new SlackRateLimiter(time);

        limiter.Pause(SlackMethods.UsersInfo, null, TimeSpan.FromSeconds(30));
        var held = limiter.WaitAsync(SlackMethods.UsersInfo, null, CancellationToken.None);

        Assert.False(held.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(30), await held.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
