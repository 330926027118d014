namespace ChatNetOps.Teams.Connector;

using System.Net;
using ChatNetOps.Teams.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>
/// Retries Connector calls answered 429, 412, 502, 503 or 504: waits Retry-After when given (up to
/// <see cref="TeamsOptions.ConnectorMaxRetryDelay"/>), else backs off exponentially with jitter. 403 (e.g.
/// MessageWritesBlocked) and other 4xx are final.
/// </summary>
internal sealed partial class ConnectorRetryHandler(IOptions<TeamsOptions> options, TimeProvider time, ILogger<ConnectorRetryHandler> logger) : DelegatingHandler
{
    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(500);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var maxAttempts = options.Value.ConnectorMaxAttempts;
        for (var attempt = 1; ; attempt++)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!IsTransient(response.StatusCode) || attempt >= maxAttempts)
            {
                return response;
            }

            var delay = RetryDelay(response, attempt);
            if (delay > options.Value.ConnectorMaxRetryDelay)
            {
                return response;
            }

            Log.Retrying(logger, request.Method.Method, request.RequestUri?.AbsolutePath, (int)response.StatusCode, delay.TotalMilliseconds, attempt);
            response.Dispose();
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private TimeSpan RetryDelay(HttpResponseMessage response, int attempt)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (retryAfter.Date is { } date)
            {
                var wait = date - time.GetUtcNow();
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
        }

        var exponential = BaseDelay * Math.Pow(2, attempt - 1);
#pragma warning disable CA5394 // Jitter, not security.
        return exponential + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 250));
#pragma warning restore CA5394
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Connector {Method} {Path} answered {Status}; retrying in {DelayMs} ms (attempt {Attempt})")]
        public static partial void Retrying(ILogger logger, string method, string? path, int status, double delayMs, int attempt);
    }
}
