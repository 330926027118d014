namespace ChatNetOps.Slack.WebApi;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ChatNetOps.Slack.WebApi.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

/// <summary>
/// The HTTP core every API family shares: bearer token, per-method rate tiers, 429 with Retry-After (<see cref="SlackRetry"/>),
/// and Slack's error codes as data. Tokens are never logged.
/// </summary>
internal sealed class SlackApiClient(
    IHttpClientFactory httpClients,
    IOptions<SlackOptions> options,
    SlackRateLimiter limiter,
    TimeProvider time,
    ILogger<SlackApiClient> logger)
{
    public const string HttpClientName = "ChatNetOps.Slack";

    /// <summary>Attempts per call when Slack answers 429 (<see cref="SlackRetry"/>).</summary>
    public const int MaxAttempts = 3;

    private readonly ResiliencePipeline<HttpResponseMessage> _paced = SlackRetry.Paced(time);
    private readonly ResiliencePipeline<HttpResponseMessage> _retryAfterWaits = SlackRetry.WaitingRetryAfter(time);

    public Task<SlackApiResult<TResponse>> PostJsonAsync<TRequest, TResponse>(
        string method, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, string? scope, CancellationToken cancellationToken)
        where TResponse : SlackApiResponse =>
        SendAsync(method, scope, responseType, options.Value.BotToken, () => JsonContent.Create(body, requestType), cancellationToken);

    public Task<SlackApiResult<TResponse>> PostFormAsync<TResponse>(
        string method, IReadOnlyDictionary<string, string> form, JsonTypeInfo<TResponse> responseType, string? token, CancellationToken cancellationToken)
        where TResponse : SlackApiResponse =>
        SendAsync(method, null, responseType, token ?? options.Value.BotToken, () => new FormUrlEncodedContent(form), cancellationToken);

    /// <summary>Posts to an interaction's response_url. Slack answers plain text (<c>ok</c>, <c>expired_url</c>, <c>used_url</c>…).</summary>
    public async Task<SlackApiResult<SlackApiResponse>> PostResponseUrlAsync(Uri responseUrl, ResponseUrlMessage message, CancellationToken cancellationToken)
    {
        const string method = SlackMethods.ResponseUrl;
        if (!IsAllowedResponseUrl(responseUrl))
        {
            Log.ResponseUrlRefused(logger, responseUrl.Host);
            return SlackApiResult<SlackApiResponse>.Failure(method, "invalid_response_url");
        }

        var http = httpClients.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await _retryAfterWaits.ExecuteAsync(
                async token =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, responseUrl)
                    {
                        Content = JsonContent.Create(message, SlackJsonContext.Default.ResponseUrlMessage),
                    };
                    return await http.SendAsync(request, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            Log.CallFailed(logger, method, "network_error", ex.HttpRequestError.ToString());
            return SlackApiResult<SlackApiResponse>.Failure(method, "network_error");
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return SlackApiResult<SlackApiResponse>.Success(method, new SlackApiResponse { Ok = true });
            }

            var text = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
            var error = text.Length is > 0 and <= 64 && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
                ? text
                : $"http_{(int)response.StatusCode}";
            Log.CallFailed(logger, method, error, $"HTTP {(int)response.StatusCode}");
            return SlackApiResult<SlackApiResponse>.Failure(method, error);
        }
    }

    /// <summary>
    /// POSTs a file's bytes to the upload_url files.getUploadURLExternal handed out: raw bytes, no token (the URL is the
    /// credential), only to Slack's hosts over https or to the configured API host; Slack answers HTTP 200 when it took them.
    /// </summary>
    public async Task<SlackApiResult<SlackApiResponse>> PostUploadAsync(Uri uploadUrl, string fileName, string contentType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        const string method = SlackMethods.FileUpload;
        ArgumentNullException.ThrowIfNull(uploadUrl);
        if (!IsAllowedResponseUrl(uploadUrl))
        {
            Log.UploadUrlRefused(logger, uploadUrl.Host);
            return SlackApiResult<SlackApiResponse>.Failure(method, "invalid_upload_url");
        }

        var http = httpClients.CreateClient(HttpClientName);
        try
        {
            using var body = new ReadOnlyMemoryContent(content);
            body.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            body.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = fileName };
            using var request = new HttpRequestMessage(HttpMethod.Post, uploadUrl) { Content = body };
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return SlackApiResult<SlackApiResponse>.Success(method, new SlackApiResponse { Ok = true });
            }

            var code = $"http_{(int)response.StatusCode}";
            Log.CallFailed(logger, method, code, response.ReasonPhrase ?? string.Empty);
            return SlackApiResult<SlackApiResponse>.Failure(method, code);
        }
        catch (HttpRequestException ex)
        {
            Log.CallFailed(logger, method, "network_error", ex.HttpRequestError.ToString());
            return SlackApiResult<SlackApiResponse>.Failure(method, "network_error");
        }
    }

    private async Task<SlackApiResult<TResponse>> SendAsync<TResponse>(
        string method, string? scope, JsonTypeInfo<TResponse> responseType, string? token, Func<HttpContent> content, CancellationToken cancellationToken)
        where TResponse : SlackApiResponse
    {
        var http = httpClients.CreateClient(HttpClientName);
        var uri = new Uri(options.Value.ApiBaseUrl, method);
        var attempt = 0;
        HttpResponseMessage response;
        try
        {
            response = await _paced.ExecuteAsync(
                async cancel =>
                {
                    attempt++;
                    var held = await limiter.WaitAsync(method, scope, cancel).ConfigureAwait(false);
                    if (held > TimeSpan.Zero)
                    {
                        Log.HeldBack(logger, method, held.TotalMilliseconds);
                    }

                    using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content() };
                    if (!string.IsNullOrEmpty(token))
                    {
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    }

                    var answer = await http.SendAsync(request, cancel).ConfigureAwait(false);
                    if (answer.StatusCode == HttpStatusCode.TooManyRequests)
                    {
                        // Nobody calls the method (in this scope) before Retry-After; the retry waits for it in the limiter.
                        var retryAfter = SlackRetry.RetryAfter(answer, time);
                        limiter.Pause(method, scope, retryAfter);
                        Log.RateLimited(logger, method, retryAfter.TotalSeconds, attempt);
                    }

                    return answer;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            Log.CallFailed(logger, method, "network_error", ex.HttpRequestError.ToString());
            return SlackApiResult<TResponse>.Failure(method, "network_error");
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return SlackApiResult<TResponse>.Failure(method, "ratelimited");
            }

            if (!response.IsSuccessStatusCode)
            {
                var code = $"http_{(int)response.StatusCode}";
                Log.CallFailed(logger, method, code, response.ReasonPhrase ?? string.Empty);
                return SlackApiResult<TResponse>.Failure(method, code);
            }

            TResponse? body;
            try
            {
                body = await response.Content.ReadFromJsonAsync(responseType, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                Log.CallFailed(logger, method, "invalid_response", ex.Message);
                return SlackApiResult<TResponse>.Failure(method, "invalid_response");
            }

            if (body is null)
            {
                return SlackApiResult<TResponse>.Failure(method, "invalid_response");
            }

            if (!body.Ok)
            {
                var error = string.IsNullOrEmpty(body.Error) ? "unknown_error" : body.Error;
                Log.CallFailed(logger, method, error, body.Warning ?? string.Empty);
                return SlackApiResult<TResponse>.Failure(method, error);
            }

            if (!string.IsNullOrEmpty(body.Warning))
            {
                Log.CallWarning(logger, method, body.Warning);
            }

            return SlackApiResult<TResponse>.Success(method, body);
        }
    }

    /// <summary>
    /// response_url comes from a verified payload, but we still only post to Slack's hooks host (https) or to the
    /// configured API host (the local fake in tests).
    /// </summary>
    private bool IsAllowedResponseUrl(Uri url)
    {
        if (!url.IsAbsoluteUri)
        {
            return false;
        }

        var api = options.Value.ApiBaseUrl;
        if (string.Equals(url.Host, api.Host, StringComparison.OrdinalIgnoreCase) && url.Port == api.Port && url.Scheme == api.Scheme)
        {
            return true;
        }

        return url.Scheme == Uri.UriSchemeHttps
            && (url.Host.Equals("slack.com", StringComparison.OrdinalIgnoreCase) || url.Host.EndsWith(".slack.com", StringComparison.OrdinalIgnoreCase));
    }
}
