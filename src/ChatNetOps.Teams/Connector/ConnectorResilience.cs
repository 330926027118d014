namespace ChatNetOps.Teams.Connector;

using System.Net;
using ChatNetOps.Teams.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

/// <summary>
/// The Connector client's resilience handler (Microsoft.Extensions.Http.Resilience): a call answered 429, 412, 502, 503
/// or 504 is tried again, up to <see cref="TeamsOptions.ConnectorMaxAttempts"/> attempts in all, after the answer's
/// Retry-After (read with the host's <see cref="TimeProvider"/>), or else after an exponential backoff from 500 ms with
/// jitter. A Retry-After longer than <see cref="TeamsOptions.ConnectorMaxRetryDelay"/> is not waited for: that answer is
/// final. 403 (e.g. MessageWritesBlocked), other 4xx, 500 and network errors are final too. The per-conversation pacing
/// (<see cref="ConversationRateLimiter"/>) happens before the call, so Teams seldom has to answer 429.
/// </summary>
internal static partial class ConnectorResilience
{
    public const string PipelineName = "connector";

    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(500);

    public static IHttpResiliencePipelineBuilder AddConnectorResilience(this IHttpClientBuilder http) =>
        http.AddResilienceHandler(PipelineName, static (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<TeamsOptions>>().Value;
            var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
            var logger = context.ServiceProvider.GetRequiredService<ILogger<ConnectorClient>>();
            pipeline.TimeProvider = time;
            if (options.ConnectorMaxAttempts > 1)
            {
                pipeline.AddRetry(Retry(options, time, logger));
            }
        });

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static HttpRetryStrategyOptions Retry(TeamsOptions options, TimeProvider time, ILogger logger) => new()
    {
        MaxRetryAttempts = options.ConnectorMaxAttempts - 1,
        BackoffType = DelayBackoffType.Exponential,
        Delay = BaseDelay,
        UseJitter = true,
        ShouldHandle = args => ValueTask.FromResult(
            args.Outcome.Result is { } response
            && IsTransient(response.StatusCode)
            && !(RetryAfter(response, time) > options.ConnectorMaxRetryDelay)),
        DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? RetryAfter(response, time) : null),
        OnRetry = args =>
        {
            var request = args.Outcome.Result?.RequestMessage;
            Log.Retrying(logger, request?.Method.Method ?? "?", request?.RequestUri?.AbsolutePath, (int?)args.Outcome.Result?.StatusCode ?? 0, args.RetryDelay.TotalMilliseconds, args.AttemptNumber + 1);
            return ValueTask.CompletedTask;
        },
    };

    /// <summary>The wait an answer asks for in its Retry-After header (seconds or a date), never negative; null when it names none.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var wait = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow(),
            _ => (TimeSpan?)null,
        };
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }
}
