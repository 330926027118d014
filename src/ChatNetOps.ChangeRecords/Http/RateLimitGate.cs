namespace ChatNetOps.ChangeRecords.Http;

using System.Globalization;
using System.Net;
using ChatNetOps.Core.ChangeRecords;

/// <summary>
/// One sink's rate-limit state, read from the <c>X-RateLimit-*</c> headers of every answer. When the remote system says no
/// request is left (<c>X-RateLimit-Remaining: 0</c>), or refuses one with 429, the sink pauses until the limit resets:
/// the dispatcher leaves every incident of that sink untouched until then (no attempt is spent), and a request the
/// sink would still make throws a transient failure that waits the same time.
/// <list type="bullet">
/// <item>ServiceNow ("Inbound REST API rate limiting", API reference <c>rest-api-explorer/inbound-REST-API-rate-limiting</c>):
/// <c>X-RateLimit-Limit</c> (requests per hour), <c>X-RateLimit-Reset</c> (a Unix timestamp), <c>X-RateLimit-Rule</c>
/// (sys_id of the rule); over the limit <c>429</c> + <c>Retry-After</c> (seconds). It documents no
/// <c>X-RateLimit-Remaining</c>, so the 429 is the signal there (counts are committed every 30 s, so enforcement lags).</item>
/// <item>Jira Cloud (developer.atlassian.com/cloud/jira/platform/rate-limiting): <c>X-RateLimit-Limit</c>,
/// <c>X-RateLimit-Remaining</c>, <c>X-RateLimit-Reset</c> (an ISO 8601 timestamp, <c>yyyy-MM-ddTHH:mmZ</c>),
/// <c>Retry-After</c> (seconds) on 429 and some 503s, <c>RateLimit-Reason</c>; a 429 for
/// <c>jira-per-issue-on-write</c> limits one issue only, so it does not pause the whole sink.</item>
/// </list>
/// A reset further away than <see cref="MaxPause"/> (a clock skew or a hostile answer) pauses for <see cref="MaxPause"/>.
/// </summary>
internal sealed class RateLimitGate(string system, TimeProvider time)
{
    /// <summary>ServiceNow's windows are per hour; no answer pauses a sink longer than that.</summary>
    internal static readonly TimeSpan MaxPause = TimeSpan.FromHours(1);

    private const string PerIssueReason = "jira-per-issue-on-write";

    private long _pausedUntilTicks;

    /// <summary>When the sink may send again; null when it is not paused.</summary>
    public DateTimeOffset? PausedUntil
    {
        get
        {
            var ticks = Interlocked.Read(ref _pausedUntilTicks);
            return ticks > time.GetUtcNow().UtcTicks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
        }
    }

    /// <summary>The reset the answer names (<c>X-RateLimit-Reset</c>: Unix seconds or an ISO 8601 timestamp), or null.</summary>
    public static DateTimeOffset? Reset(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("X-RateLimit-Reset", out var values) || values.FirstOrDefault()?.Trim() is not { Length: > 0 } value)
        {
            return null;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var unix))
        {
            return unix is > 0 and < 253402300800 ? DateTimeOffset.FromUnixTimeSeconds(unix) : null;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;
    }

    /// <summary>How long a refused (429/503) request should wait: its Retry-After, else the time to X-RateLimit-Reset.</summary>
    public static TimeSpan? Wait(HttpResponseMessage response, TimeProvider time)
    {
        if (HttpFailure.RetryAfter(response, time) is { } retryAfter)
        {
            return retryAfter;
        }

        if (Reset(response) is { } reset)
        {
            var wait = reset - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>Throws a transient failure (waiting until the reset) while the sink is paused; call before each request.</summary>
    public void ThrowIfPaused(string operation)
    {
        if (PausedUntil is { } until)
        {
            throw new ChangeRecordException(
                $"{system} rate limit: no request is left until {until.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z (X-RateLimit-*); {operation} waits until then.",
                transient: true,
                until - time.GetUtcNow());
        }
    }

    /// <summary>Reads the answer's rate-limit headers; pauses the sink when none is left or the request was refused.</summary>
    public void Observe(HttpResponseMessage response)
    {
        var now = time.GetUtcNow();
        DateTimeOffset? until = null;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            if (!IsPerIssue(response) && Wait(response, time) is { } wait)
            {
                until = now + wait;
            }
        }
        else if (Remaining(response) == 0)
        {
            until = Reset(response) ?? (HttpFailure.RetryAfter(response, time) is { } retryAfter ? now + retryAfter : null);
        }

        if (until is { } resume && resume > now)
        {
            Pause(resume > now + MaxPause ? now + MaxPause : resume);
        }
    }

    private static long? Remaining(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-RateLimit-Remaining", out var values)
        && long.TryParse(values.FirstOrDefault()?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var remaining)
            ? remaining
            : null;

    private static bool IsPerIssue(HttpResponseMessage response) =>
        response.Headers.TryGetValues("RateLimit-Reason", out var values) && values.Any(v => v.Contains(PerIssueReason, StringComparison.OrdinalIgnoreCase));

    private void Pause(DateTimeOffset until)
    {
        var ticks = until.UtcTicks;
        long seen;
        do
        {
            seen = Interlocked.Read(ref _pausedUntilTicks);
            if (seen >= ticks)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _pausedUntilTicks, ticks, seen) != seen);
    }
}
