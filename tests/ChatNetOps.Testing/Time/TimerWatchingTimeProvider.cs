namespace ChatNetOps.Testing.Time;

using Microsoft.Extensions.Time.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also says when code under test starts waiting on it (every
/// <c>Task.Delay(…, time)</c> creates a timer), so a test advances the clock only once the wait it checks has begun.
/// </summary>
public sealed class TimerWatchingTimeProvider : TimeProvider
{
    private readonly SemaphoreSlim _created = new(0);

    public FakeTimeProvider Fake { get; } = new();

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = Fake.CreateTimer(callback, state, dueTime, period);
        _created.Release();
        return timer;
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) until one more timer has been created since the last wait.</summary>
    public async Task WaitForTimerAsync(TimeSpan? timeout = null)
    {
        if (!await _created.WaitAsync(timeout ?? TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException("The code under test never started waiting on the clock.");
        }
    }

    public void Advance(TimeSpan delta) => Fake.Advance(delta);
}
