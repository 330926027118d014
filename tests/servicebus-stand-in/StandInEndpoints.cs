namespace ChatNetOps.ServiceBusStandIn;

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

/// <summary>
/// The Service Bus REST data plane the ChatNetOps client uses, as documented on learn.microsoft.com:
/// <list type="bullet">
/// <item>Send Message: rest/api/servicebus/send-message-to-queue — <c>POST /{queue}/messages</c> → 201.</item>
/// <item>Peek-Lock Message: rest/api/servicebus/peek-lock-message-non-destructive-read — <c>POST /{queue}/messages/head?timeout=N</c> → 201 + Location + BrokerProperties, 204 when nothing arrives in N seconds.</item>
/// <item>Receive and Delete: rest/api/servicebus/receive-and-delete-message-destructive-read — <c>DELETE /{queue}/messages/head?timeout=N</c> → 200 / 204.</item>
/// <item>Delete Message (complete): rest/api/servicebus/delete-message — <c>DELETE /{queue}/messages/{id}/{lockToken}</c> → 200, 404 when the lock is lost.</item>
/// <item>Unlock Message (abandon): rest/api/servicebus/unlock-message — <c>PUT</c> on the same URI → 200 / 404.</item>
/// <item>Renew Lock: rest/api/servicebus/renew-lock-for-a-message — <c>POST</c> on the same URI → 200 / 404.</item>
/// <item>Message headers and properties: rest/api/servicebus/message-headers-and-properties — BrokerProperties JSON, custom properties as headers.</item>
/// <item>Dead-letter queues: azure/service-bus-messaging/service-bus-dead-letter-queues — <c>/{queue}/$deadletterqueue</c>, MaxDeliveryCountExceeded.</item>
/// </list>
/// Every request needs <c>Authorization: Bearer …</c> or <c>SharedAccessSignature sr=…&amp;sig=…&amp;se=…&amp;skn=…</c> (401 otherwise);
/// the token is only checked for its shape. An unknown queue is 410 Gone. Not implemented: sessions, batches,
/// topics, scheduled-message cancellation, partitioning, quotas.
/// </summary>
public static class StandInEndpoints
{
    private static readonly HashSet<string> NotCustom = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "BrokerProperties", "Content-Type", "Content-Length", "Host", "Accept", "Accept-Encoding", "Connection",
        "User-Agent", "Expect", "traceparent", "tracestate", "Request-Id", "Correlation-Context", "baggage", "x-ms-retrypolicy",
    };

    public static async Task HandleAsync(HttpContext context, StandInBroker broker)
    {
        var request = context.Request;
        var response = context.Response;
        if (!IsAuthorized(request.Headers.Authorization.ToString()))
        {
            response.StatusCode = StatusCodes.Status401Unauthorized;
            await response.WriteAsync("MissingToken: the request has no valid Authorization header (Bearer or SharedAccessSignature).");
            return;
        }

        var segments = (request.Path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var deadLetter = segments.Length > 2 && segments[1].Equals("$deadletterqueue", StringComparison.OrdinalIgnoreCase);
        var rest = deadLetter ? segments[2..] : segments.Length > 0 ? segments[1..] : [];
        var queue = segments.Length > 0 ? broker.Find(segments[0]) : null;
        if (queue is null || rest.Length == 0 || !rest[0].Equals("messages", StringComparison.OrdinalIgnoreCase))
        {
            response.StatusCode = queue is null ? StatusCodes.Status410Gone : StatusCodes.Status400BadRequest;
            return;
        }

        var entity = deadLetter ? queue.DeadLetters : queue;
        var method = request.Method;
        switch (rest.Length)
        {
            case 1 when HttpMethods.IsPost(method) && !deadLetter:
                await SendAsync(context, entity);
                return;
            case 2 when rest[1].Equals("head", StringComparison.OrdinalIgnoreCase) && (HttpMethods.IsPost(method) || HttpMethods.IsDelete(method)):
                await ReceiveAsync(context, entity, peekLock: HttpMethods.IsPost(method));
                return;
            case 3 when Guid.TryParse(rest[2], out var lockToken):
                Settle(context, entity, rest[1], lockToken);
                return;
            case 3:
                response.StatusCode = StatusCodes.Status404NotFound;
                return;
            default:
                response.StatusCode = StatusCodes.Status400BadRequest;
                return;
        }
    }

    private static bool IsAuthorized(string header) =>
        (header.StartsWith("Bearer ", StringComparison.Ordinal) && header.Length > "Bearer ".Length + 8)
        || (header.StartsWith("SharedAccessSignature ", StringComparison.Ordinal) && header.Contains("sr=", StringComparison.Ordinal)
            && header.Contains("sig=", StringComparison.Ordinal) && header.Contains("se=", StringComparison.Ordinal) && header.Contains("skn=", StringComparison.Ordinal));

    private static async Task SendAsync(HttpContext context, StandInQueue queue)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        JsonObject? properties = null;
        var header = request.Headers["BrokerProperties"].ToString();
        if (!string.IsNullOrEmpty(header))
        {
            try
            {
                properties = JsonNode.Parse(header)?.AsObject();
            }
            catch (JsonException)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
        }

        TimeSpan? ttl = properties?["TimeToLive"] is JsonValue t && t.TryGetValue<double>(out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
        DateTimeOffset? scheduled = properties?["ScheduledEnqueueTimeUtc"]?.GetValue<string>() is { } s
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
        var custom = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Headers)
        {
            if (!NotCustom.Contains(name) && !name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            {
                custom[name] = value.ToString();
            }
        }

        queue.Send(
            properties?["MessageId"]?.GetValue<string>(),
            body.ToArray(),
            request.ContentType,
            properties?["CorrelationId"]?.GetValue<string>(),
            properties?["Label"]?.GetValue<string>(),
            ttl,
            scheduled,
            custom);
        context.Response.StatusCode = StatusCodes.Status201Created;
    }

    private static async Task ReceiveAsync(HttpContext context, StandInQueue queue, bool peekLock)
    {
        var timeout = int.TryParse(context.Request.Query["timeout"], NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : 60;
        var time = queue.Settings.Time;
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(timeout);
        using var waitOver = new CancellationTokenSource(TimeSpan.FromSeconds(timeout), time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(waitOver.Token, context.RequestAborted);
        while (true)
        {
            var arrived = queue.Arrived;
            if (context.RequestAborted.IsCancellationRequested)
            {
                return; // the client went away: lock nothing
            }

            var message = peekLock ? queue.TryLock() : queue.TryTake();
            if (message is not null)
            {
                await WriteMessageAsync(context, queue, message, peekLock);
                return;
            }

            if (time.GetUtcNow() >= deadline || stop.IsCancellationRequested)
            {
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }

            // Wake on a send/unlock, at the deadline, or every second of the queue's clock (lock expiry).
            var tick = Task.Delay(TimeSpan.FromSeconds(1), time, stop.Token);
            await Task.WhenAny(arrived, tick, Task.Delay(Timeout.Infinite, stop.Token));
        }
    }

    private static async Task WriteMessageAsync(HttpContext context, StandInQueue queue, StandInMessage message, bool peekLock)
    {
        var response = context.Response;
        response.StatusCode = peekLock ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        var properties = new JsonObject
        {
            ["MessageId"] = message.MessageId,
            ["SequenceNumber"] = message.SequenceNumber,
            ["DeliveryCount"] = message.DeliveryCount,
            ["EnqueuedTimeUtc"] = message.EnqueuedTime.ToString("r", CultureInfo.InvariantCulture),
            ["TimeToLive"] = message.TimeToLive.TotalSeconds,
            ["State"] = "Active",
        };
        if (message.CorrelationId is not null)
        {
            properties["CorrelationId"] = message.CorrelationId;
        }

        if (message.Label is not null)
        {
            properties["Label"] = message.Label;
        }

        if (peekLock)
        {
            properties["LockToken"] = message.LockToken.ToString();
            properties["LockedUntilUtc"] = message.LockedUntil.ToString("r", CultureInfo.InvariantCulture);
            var request = context.Request;
            response.Headers.Location = $"{request.Scheme}://{request.Host}/{Uri.EscapeDataString(queue.Name).Replace("%2F", "/", StringComparison.Ordinal)}/messages/{message.SequenceNumber}/{message.LockToken}";
        }

        response.Headers["BrokerProperties"] = properties.ToJsonString();
        foreach (var (name, value) in message.CustomProperties)
        {
            response.Headers[name] = value;
        }

        response.ContentType = message.ContentType ?? "application/octet-stream";
        await response.Body.WriteAsync(message.Body, context.RequestAborted);
    }

    private static void Settle(HttpContext context, StandInQueue queue, string messageIdOrSequence, Guid lockToken)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsDelete(method))
        {
            context.Response.StatusCode = queue.Complete(messageIdOrSequence, lockToken) ? StatusCodes.Status200OK : StatusCodes.Status404NotFound;
        }
        else if (HttpMethods.IsPut(method))
        {
            context.Response.StatusCode = queue.Unlock(messageIdOrSequence, lockToken) ? StatusCodes.Status200OK : StatusCodes.Status404NotFound;
        }
        else if (HttpMethods.IsPost(method))
        {
            var renewed = queue.Renew(messageIdOrSequence, lockToken);
            if (renewed is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            // Stand-in convenience: the new lock expiry, in the shape of a receive's BrokerProperties.
            context.Response.Headers["BrokerProperties"] = new JsonObject
            {
                ["LockToken"] = lockToken.ToString(),
                ["LockedUntilUtc"] = renewed.LockedUntil.ToString("r", CultureInfo.InvariantCulture),
            }.ToJsonString();
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        }
    }
}
