namespace ChatNetOps.Teams.Tests.Connector;

using ChatNetOps.Teams.Connector;
using Microsoft.Extensions.Time.Testing;

public sealed class ConversationRateLimiterTests
{
    [Fact]
    public async Task SevenSendsInOneSecond_GoAtOnce_TheEighthWaitsForTheWindow()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var limiter = new ConversationRateLimiter(time);
        for (var i = 0; i < 7; i++)
        {
            await limiter.WaitAsync("19:c", CancellationToken.None);
        }

        var eighth = limiter.WaitAsync("19:c", CancellationToken.None);
        Assert.False(eighth.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await eighth.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task OtherConversations_AreNotHeldUp()
    {
        var time = new FakeTimeProvider();
        var limiter = new ConversationRateLimiter(time);
        for (var i = 0; i < 7; i++)
        {
            await limiter.WaitAsync("19:busy", CancellationToken.None);
        }

        Assert.True(limiter.WaitAsync("19:quiet", CancellationToken.None).IsCompleted);
    }

    [Fact]
    public void WaitFor_HonoursTheTwoSecondWindow()
    {
        var now = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var history = new Queue<DateTimeOffset>(Enumerable.Range(0, 8).Select(i => now.AddMilliseconds(-1500 + i)));
        Assert.Equal(TimeSpan.FromMilliseconds(500), ConversationRateLimiter.WaitFor(history, now));
    }
}
