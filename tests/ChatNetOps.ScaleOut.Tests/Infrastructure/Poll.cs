namespace ChatNetOps.ScaleOut.Tests.Infrastructure;

/// <summary>
/// Waits for a condition that another process brings about. Separate processes run on the real clock, so this polls
/// (every <see cref="Interval"/>) up to a deadline instead of advancing a fake clock; it never waits a fixed time.
/// </summary>
internal static class Poll
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds; returns the last value, or fails naming what was awaited.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null, Func<T, string>? describe = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = TimeProvider.System;
        var started = clock.GetTimestamp();
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (clock.GetElapsedTime(started) > limit)
            {
                throw new TimeoutException($"Waited {limit} for {what}; last seen: {(describe is null ? value?.ToString() : describe(value))}. Worker logs: {RepositoryPaths.Results}");
            }

            await Task.Delay(Interval, clock);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), c => c, what, timeout);
}
