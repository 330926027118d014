namespace ChatNetOps.Slack.Tests.WebApi;

using ChatNetOps.Slack.Processing;
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

    [Fact]
    public async Task PostMessage_WaitersOfABusyChannel_GetSuccessiveSlots_FirstComeFirstServed()
    {
        var time = new FakeTimeProvider();
        var limiter = new SlackRateLimiter(time);
        var tier = RateTier.PostMessagePerChannel;

        var calls = Enumerable.Range(0, tier.Calls * 3).Select(_ => limiter.WaitAsync(SlackMethods.PostMessage, "C1", CancellationToken.None)).ToArray();

        Assert.All(calls[..tier.Calls], c => Assert.True(c.IsCompletedSuccessfully));
        Assert.All(calls[tier.Calls..], c => Assert.False(c.IsCompleted));
        Assert.Equal(tier.Window * 3, limiter.Backlog(SlackMethods.PostMessage, "C1"));
        Assert.Equal(TimeSpan.Zero, limiter.Backlog(SlackMethods.PostMessage, "C2"));

        time.Advance(tier.Window);
        await Task.WhenAll(calls[tier.Calls..(tier.Calls * 2)]).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.All(calls[(tier.Calls * 2)..], c => Assert.False(c.IsCompleted));

        time.Advance(tier.Window);
        Assert.All(await Task.WhenAll(calls[(tier.Calls * 2)..]).WaitAsync(TimeSpan.FromSeconds(5)), held => Assert.Equal(tier.Window * 2, held));
    }

    [Fact]
    public async Task APacedCall_GivesItsWorkerSlotBack_WhileItWaits()
    {
        var time = new FakeTimeProvider();
        var limiter = new SlackRateLimiter(time);
        using var slots = new WorkerSlots(1);
        for (var i = 0; i < RateTier.PostMessagePerChannel.Calls; i++)
        {
            await limiter.WaitAsync(SlackMethods.PostMessage, "C0BUSY", CancellationToken.None);
        }

        var freeAfterPace = -1;
        var paced = WorkerSlots.RunAsync(await slots.TakeAsync(CancellationToken.None), async () =>
        {
            await limiter.WaitAsync(SlackMethods.PostMessage, "C0BUSY", CancellationToken.None);
            freeAfterPace = slots.Free;
        });

        // The only slot is free while the busy channel's call waits: other work runs meanwhile.
        Assert.False(paced.IsCompleted);
        Assert.Equal(1, slots.Free);
        var other = await slots.TakeAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        // When its moment comes the paced call takes a slot again (once the other work gives it back) and goes on with it.
        time.Advance(RateTier.PostMessagePerChannel.Window);
        other.Dispose();
        await paced.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, freeAfterPace);
        Assert.Equal(1, slots.Free);
    }

    [Fact]
    public async Task APacedCall_OfAStoppingHost_StopsWaiting_AndHoldsNoSlot()
    {
        var time = new FakeTimeProvider();
        var limiter = new SlackRateLimiter(time);
        using var slots = new WorkerSlots(1);
        using var stopping = new CancellationTokenSource();
        limiter.Pause(SlackMethods.UsersInfo, null, TimeSpan.FromMinutes(1));

        var paced = WorkerSlots.RunAsync(await slots.TakeAsync(stopping.Token), () => limiter.WaitAsync(SlackMethods.UsersInfo, null, CancellationToken.None));
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => paced.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(1, slots.Free);
    }
}
