namespace ChatNetOps.Azure.ServiceBus;

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ChatNetOps.Core.Queues;
using Microsoft.Extensions.Logging;

/// <summary>
/// A peek-lock queue over the Service Bus REST data plane (learn.microsoft.com/rest/api/servicebus):
/// send = <c>POST {queue}/messages</c> with BrokerProperties (MessageId for duplicate detection, CorrelationId,
/// TimeToLive) and the trace context as the <c>Diagnostic-Id</c> custom property; receive =
/// <c>POST {queue}/messages/head?timeout=N</c> (201 + Location, 204 when empty); complete = DELETE, abandon = PUT,
/// renew = POST on the Location URI, used unchanged as the lease's lock token. The lock lasts the entity's
/// lockDuration whatever the caller asks. Poison messages reach <c>{queue}/$deadletterqueue</c> by the entity's
/// maxDeliveryCount; <see cref="ReadDeadLettersAsync"/> peek-locks them there and unlocks them again, so reading
/// is not destructive. Throttling (429, 503) and 5xx are retried after Retry-After or a short backoff.
/// </summary>
internal abstract class ServiceBusMessageQueue<TMessage> : IMessageQueue<TMessage>
    where TMessage : class
{
    public const string HttpClientName = "ChatNetOps.ServiceBus";
    public const string TraceProperty = "Diagnostic-Id";
    public const string DeadLetterReasonProperty = "DeadLetterReason";
    public const string DeadLetterDescriptionProperty = "DeadLetterErrorDescription";

    private const int MaxAttempts = 4;
    private static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(2);

    private readonly IHttpClientFactory _httpClients;
    private readonly IServiceBusAuthorization _authorization;
    private readonly ServiceBusOptions _options;
    private readonly JsonTypeInfo<TMessage> _typeInfo;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Uri _queueUri;
    private readonly Uri _deadLetterUri;

    protected ServiceBusMessageQueue(
        IHttpClientFactory httpClients,
        IServiceBusAuthorization authorization,
        ServiceBusOptions options,
        string queue,
        JsonTypeInfo<TMessage> typeInfo,
        TimeProvider time,
        ILogger logger)
    {
        var endpoint = options.Endpoint ?? throw new InvalidOperationException("ServiceBus:Endpoint is required when Queue:Provider is ServiceBus.");
        if (!ServiceBusOptions.IsAllowedEndpoint(endpoint))
        {
            throw new InvalidOperationException($"ServiceBus:Endpoint must be https (http only for a local stand-in on 127.0.0.1); got scheme '{endpoint.Scheme}'.");
        }

        _httpClients = httpClients;
        _authorization = authorization;
        _options = options;
        _typeInfo = typeInfo;
        _time = time;
        _logger = logger;
        QueueName = queue;
        var root = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
        _queueUri = new Uri(root, Uri.EscapeDataString(queue) + "/");
        _deadLetterUri = new Uri(_queueUri, "$deadletterqueue/");
    }

    public string QueueName { get; }

    public async Task EnqueueAsync(TMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = IdOf(message);
        var now = _time.GetUtcNow();
        double? ttl = ExpiresAt(message) is { } expires ? Math.Max(1, Math.Ceiling((expires - now).TotalSeconds)) : null;
        var properties = new BrokerProperties { MessageId = id, CorrelationId = CorrelationIdOf(message), Label = Label, TimeToLive = ttl };
        var body = JsonSerializer.SerializeToUtf8Bytes(message, _typeInfo);
        var trace = TraceParentOf(message);
        using var response = await SendWithRetryAsync("send", () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_queueUri, "messages"))
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } },
            };
            request.Headers.TryAddWithoutValidation("BrokerProperties", JsonSerializer.Serialize(properties, BrokerPropertiesJsonContext.Default.BrokerProperties));
            if (trace is not null)
            {
                request.Headers.TryAddWithoutValidation(TraceProperty, Quote(trace));
            }

            return request;
        }, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw Unexpected("send", response.StatusCode);
        }

        Log.ServiceBusSent(_logger, QueueName, id, (int)response.StatusCode);
    }

    public Task<QueueLease<TMessage>?> ReceiveAsync(TimeSpan lockDuration, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lockDuration, TimeSpan.Zero);

        // The deadline and its timer are taken before anything awaits, on the caller's clock.
        var deadline = _time.GetUtcNow() + (wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = wait > TimeSpan.Zero ? Task.Delay(wait, _time, stop.Token) : null;
        return ReceiveUntilAsync(deadline, timer, stop, cancellationToken);
    }

    public async Task<bool> CompleteAsync(QueueLease<TMessage> lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        using var response = await SendWithRetryAsync("complete", () => new HttpRequestMessage(HttpMethod.Delete, LockUri(lease)), cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.OK or HttpStatusCode.NoContent => true,
            HttpStatusCode.NotFound or HttpStatusCode.Gone => false,
            _ => throw Unexpected("complete", response.StatusCode),
        };
    }

    public async Task AbandonAsync(QueueLease<TMessage> lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        using var response = await SendWithRetryAsync("abandon", () => new HttpRequestMessage(HttpMethod.Put, LockUri(lease)), cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.NoContent or HttpStatusCode.NotFound or HttpStatusCode.Gone))
        {
            throw Unexpected("abandon", response.StatusCode);
        }
    }

    public async Task<QueueLease<TMessage>?> RenewAsync(QueueLease<TMessage> lease, TimeSpan lockDuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lockDuration, TimeSpan.Zero);
        var now = _time.GetUtcNow();
        using var response = await SendWithRetryAsync("renew", () => new HttpRequestMessage(HttpMethod.Post, LockUri(lease)), cancellationToken);
        switch (response.StatusCode)
        {
            case HttpStatusCode.OK or HttpStatusCode.NoContent:
                var until = ReadBrokerProperties(response) is { LockedUntilUtc: { } text } && TryParseTime(text, out var parsed)
                    ? parsed
                    : now + _options.LockDuration;
                return lease with { LockedUntil = until };
            case HttpStatusCode.NotFound or HttpStatusCode.Gone:
                return null;
            default:
                throw Unexpected("renew", response.StatusCode);
        }
    }

    public async Task<IReadOnlyList<DeadLetter<TMessage>>> ReadDeadLettersAsync(int max, CancellationToken cancellationToken)
    {
        var letters = new List<DeadLetter<TMessage>>();
        var locks = new List<Uri>();
        try
        {
            while (letters.Count < max)
            {
                using var response = await SendWithRetryAsync("receive-deadletter", () => new HttpRequestMessage(HttpMethod.Post, new Uri(_deadLetterUri, "messages/head?timeout=0")), cancellationToken);
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    break;
                }

                if (response.StatusCode != HttpStatusCode.Created)
                {
                    throw Unexpected("receive-deadletter", response.StatusCode);
                }

                var properties = ReadBrokerProperties(response) ?? new BrokerProperties();
                if (response.Headers.Location is { } location)
                {
                    locks.Add(location.IsAbsoluteUri ? location : new Uri(_deadLetterUri, location));
                }

                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                var message = JsonSerializer.Deserialize(body, _typeInfo);
                if (message is null)
                {
                    continue;
                }

                var reason = Unquote(CustomProperty(response, DeadLetterReasonProperty)) ?? "Unknown";
                var description = Unquote(CustomProperty(response, DeadLetterDescriptionProperty));
                var deliveries = DeliveriesFrom(description) ?? properties.DeliveryCount ?? 0;
                var at = properties.EnqueuedTimeUtc is { } enqueued && TryParseTime(enqueued, out var t) ? t : _time.GetUtcNow();
                letters.Add(new DeadLetter<TMessage>(message, reason, deliveries, at));
            }
        }
        finally
        {
            foreach (var location in locks)
            {
                using var unlock = await SendWithRetryAsync("unlock-deadletter", () => new HttpRequestMessage(HttpMethod.Put, location), CancellationToken.None);
            }
        }

        return letters;
    }

    /// <summary>The id used for duplicate detection (BrokerProperties.MessageId).</summary>
    protected abstract string IdOf(TMessage message);

    protected abstract string? CorrelationIdOf(TMessage message);

    protected abstract string? TraceParentOf(TMessage message);

    protected abstract string Label { get; }

    /// <summary>When the message stops being worth delivering (sent as TimeToLive), if ever.</summary>
    protected virtual DateTimeOffset? ExpiresAt(TMessage message) => null;

    internal static string Quote(string value) => "\"" + value.Replace("\"", string.Empty, StringComparison.Ordinal) + "\"";

    internal static string? Unquote(string? value) =>
        value is { Length: >= 2 } && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    internal static bool TryParseTime(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value)
        || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);

    private static int? DeliveriesFrom(string? description)
    {
        // Service Bus: "Message could not be consumed after 10 delivery attempts."
        if (description is null)
        {
            return null;
        }

        var digits = new string([.. description.SkipWhile(c => !char.IsAsciiDigit(c)).TakeWhile(char.IsAsciiDigit)]);
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    private static string? CustomProperty(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static BrokerProperties? ReadBrokerProperties(HttpResponseMessage response) =>
        response.Headers.TryGetValues("BrokerProperties", out var values) && values.FirstOrDefault() is { Length: > 0 } json
            ? JsonSerializer.Deserialize(json, BrokerPropertiesJsonContext.Default.BrokerProperties)
            : null;

    private static Uri LockUri(QueueLease<TMessage> lease) =>
        Uri.TryCreate(lease.LockToken, UriKind.Absolute, out var uri)
            ? uri
            : throw new ArgumentException("The lease's lock token is not a Service Bus lock URI; it was not received from this queue.", nameof(lease));

    private InvalidOperationException Unexpected(string operation, HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new InvalidOperationException(
            $"Service Bus refused {operation} on queue '{QueueName}' ({(int)status}): grant the identity 'Azure Service Bus Data Sender' and 'Data Receiver' on the namespace or queue (assignments take up to 5 minutes), or check ServiceBus:SasKeyName/SasKey."),
        HttpStatusCode.Gone => new InvalidOperationException(
            $"Service Bus queue '{QueueName}' does not exist (410): create it (infra/modules/servicebus.bicep) or fix ServiceBus:JobsQueue/ResultsQueue."),
        _ => new InvalidOperationException($"Service Bus {operation} on queue '{QueueName}' failed with {(int)status}."),
    };

    private async Task<QueueLease<TMessage>?> ReceiveUntilAsync(DateTimeOffset deadline, Task? timer, CancellationTokenSource stop, CancellationToken cancellationToken)
    {
        using (stop)
        {
            while (true)
            {
                var remaining = deadline - _time.GetUtcNow();
                var seconds = remaining <= TimeSpan.Zero ? 0 : (int)Math.Ceiling(Math.Min(remaining.TotalSeconds, _options.MaxPollTimeout.TotalSeconds));
                HttpResponseMessage? response;
                using (var poll = CancellationTokenSource.CreateLinkedTokenSource(stop.Token))
                {
                    var send = SendWithRetryAsync("receive", () => new HttpRequestMessage(HttpMethod.Post, new Uri(_queueUri, $"messages/head?timeout={seconds}")), poll.Token);
                    if (timer is not null && seconds > 0 && await Task.WhenAny(send, timer) == timer && !send.IsCompleted)
                    {
                        // Our wait is over. Give the broker a moment to answer its own timeout, then stop listening.
                        poll.CancelAfter(CancelGrace);
                    }

                    try
                    {
                        response = await send;
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        return null;
                    }
                }

                using (response)
                {
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        var lease = await ReadLeaseAsync(response, cancellationToken);
                        if (lease is not null)
                        {
                            return lease;
                        }
                    }
                    else if (response.StatusCode != HttpStatusCode.NoContent)
                    {
                        throw Unexpected("receive", response.StatusCode);
                    }
                }

                if (deadline <= _time.GetUtcNow() || (timer?.IsCompleted ?? true))
                {
                    return null;
                }
            }
        }
    }

    private async Task<QueueLease<TMessage>?> ReadLeaseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var properties = ReadBrokerProperties(response) ?? new BrokerProperties();
        var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l : new Uri(_queueUri, l)) : null;
        if (location is null)
        {
            throw new InvalidOperationException($"Service Bus answered a peek-lock receive on '{QueueName}' without a Location header; the endpoint is not a Service Bus namespace.");
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        TMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(body, _typeInfo);
        }
        catch (JsonException e)
        {
            message = null;
            Log.ServiceBusBadMessage(_logger, QueueName, properties.MessageId, e.Message);
        }

        if (message is null)
        {
            // Unreadable: put it back so the broker dead-letters it after maxDeliveryCount.
            using var unlock = await SendWithRetryAsync("abandon", () => new HttpRequestMessage(HttpMethod.Put, location), cancellationToken);
            return null;
        }

        var lockedUntil = properties.LockedUntilUtc is { } text && TryParseTime(text, out var until) ? until : _time.GetUtcNow() + _options.LockDuration;
        return new QueueLease<TMessage>(message, location.AbsoluteUri, properties.DeliveryCount ?? 1, lockedUntil);
    }

    private async Task<HttpResponseMessage> SendWithRetryAsync(string operation, Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        var client = _httpClients.CreateClient(HttpClientName);
        for (var attempt = 1; ; attempt++)
        {
            using var request = build();
            request.Headers.TryAddWithoutValidation("Authorization", await _authorization.GetHeaderValueAsync(cancellationToken));
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var status = (int)response.StatusCode;
            if ((status == 429 || status >= 500) && attempt < MaxAttempts)
            {
                var delay = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt));
                Log.ServiceBusRetry(_logger, operation, QueueName, status, delay);
                response.Dispose();
                await Task.Delay(delay, _time, cancellationToken);
                continue;
            }

            return response;
        }
    }
}
