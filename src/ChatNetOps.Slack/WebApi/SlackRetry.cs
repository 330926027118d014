namespace ChatNetOps.Slack.WebApi;

using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

/// <summary>
/// Tries a call again when Slack answers 429, up to <see cref="SlackApiClient.MaxAttempts"/> attempts in all, with
/// Microsoft.Extensions.Http.Resilience's HTTP retry strategy. Other answers and network errors are final. The pipeline
/// runs around the rate tier's wait and the send, not inside the HttpClient: a Web API method retries without a delay of
/// its own, because the 429 paused the method in <see cref="SlackRateLimiter"/> for Slack's Retry-After and every attempt
/// first waits there, giving its worker slot back meanwhile (<see cref="Processing.WorkerSlots.PaceAsync"/>). A
/// response_url has no rate tier, so its retry waits the Retry-After itself.
/// </summary>
internal static class SlackRetry
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(2);

    /// <summary>For Web API methods: the next attempt goes at once into the rate limiter, which holds it for the pause.</summary>
    public static ResiliencePipeline<HttpResponseMessage> Paced(TimeProvider time) =>
        Build(time, new HttpRetryStrategyOptions
        {
            ShouldRetryAfterHeader = false,
            BackoffType = DelayBackoffType.Constant,
            Delay = TimeSpan.Zero,
            UseJitter = false,
        });

    /// <summary>For response_url posts: the next attempt goes after the answer's Retry-After.</summary>
    public static ResiliencePipeline<HttpResponseMessage> WaitingRetryAfter(TimeProvider time) =>
        Build(time, new HttpRetryStrategyOptions
        {
            ShouldRetryAfterHeader = false,
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Outcome.Result is { } response ? RetryAfter(response, time) : DefaultRetryAfter),
        });

    /// <summary>Slack's Retry-After (seconds or a date; 1 s when absent), between zero and two minutes.</summary>
    public static TimeSpan RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : DefaultRetryAfter);
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxRetryAfter ? MaxRetryAfter : delay;
    }

    private static ResiliencePipeline<HttpResponseMessage> Build(TimeProvider time, HttpRetryStrategyOptions retry)
    {
        retry.MaxRetryAttempts = SlackApiClient.MaxAttempts - 1;
        retry.ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests);
        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }.AddRetry(retry).Build();
    }
}
