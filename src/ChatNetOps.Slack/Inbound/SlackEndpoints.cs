namespace Microsoft.AspNetCore.Builder;

using System.Text;
using ChatNetOps.Slack;
using ChatNetOps.Slack.Inbound;
using System.Text.Json;
using ChatNetOps.Slack.Inbound.Wire;
using ChatNetOps.Slack.Processing;
using ChatNetOps.Slack.Signing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// <c>POST /slack/commands</c>, <c>/slack/interactions</c>, <c>/slack/events</c>. Each verifies the signature over the
/// raw body first, then puts the work on the durable queue and answers within Slack's 3 seconds;
/// <see cref="Processing.SlackWorkProcessor"/> does the work.
/// </summary>
public static class SlackEndpoints
{
    public const string RetryNumHeader = "X-Slack-Retry-Num";
    public const string NoRetryHeader = "X-Slack-No-Retry";

    /// <summary>The problem code of a 503 answered because the chat state store could not be consulted.</summary>
    public const string StateUnavailableCode = "chat_state_unavailable";

    /// <summary>Maps the Slack endpoints when the Slack channel is registered (<c>AddChatNetOpsSlack</c>); otherwise maps nothing.</summary>
    public static IEndpointRouteBuilder MapSlackEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<SlackRequestGate>() is null)
        {
            return endpoints;
        }

        var group = endpoints.MapGroup("/slack").WithTags("Slack").DisableAntiforgery();
        group.MapPost("/commands", CommandsAsync);
        group.MapPost("/interactions", InteractionsAsync);
        group.MapPost("/events", EventsAsync);
        return endpoints;
    }

    internal static async Task<Results<JsonHttpResult<SlashCommandResponse>, Ok, BadRequest, UnauthorizedHttpResult, ProblemHttpResult>> CommandsAsync(
        HttpContext http, SlackRequestGate gate, SlackInboundHandler handler, CancellationToken cancellationToken)
    {
        var body = await gate.ReadVerifiedAsync(http, cancellationToken);
        if (body is null)
        {
            return TypedResults.Unauthorized();
        }

        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        if (form.TryGetValue("ssl_check", out var ssl) && ssl == "1")
        {
            return TypedResults.Ok();
        }

        var command = SlashCommand.From(name => form.TryGetValue(name, out var value) ? value.ToString() : null);
        if (command is null)
        {
            Reject(http, "slash command without command, user_id or channel_id");
            return TypedResults.BadRequest();
        }

        // A signed command replayed byte for byte (within the signature's 5 minutes) runs once: its signature covers the
        // timestamp and the whole body, so it is the command's identity, recorded like event_id and action_ts.
        return await handler.HandleCommandAsync(command, http.Request.Headers[SlackSignatureVerifier.SignatureHeader].ToString()) switch
        {
            SlackAck.Working working => TypedResults.Json(working.Response, SlackJsonContext.Default.SlashCommandResponse),
            SlackAck.Accepted => TypedResults.Ok(),
            SlackAck.Unavailable => StateUnavailable(),
            var other => throw new InvalidOperationException($"A slash command cannot be answered with {other.GetType().Name}; map it in {nameof(CommandsAsync)}."),
        };
    }

    internal static async Task<Results<JsonHttpResult<ViewSubmissionErrors>, Ok, BadRequest, UnauthorizedHttpResult, ProblemHttpResult>> InteractionsAsync(
        HttpContext http, SlackRequestGate gate, SlackInboundHandler handler, CancellationToken cancellationToken)
    {
        var body = await gate.ReadVerifiedAsync(http, cancellationToken);
        if (body is null)
        {
            return TypedResults.Unauthorized();
        }

        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        InteractionPayload? payload = null;
        if (form.TryGetValue("payload", out var json))
        {
            try
            {
                payload = JsonSerializer.Deserialize(json.ToString(), SlackJsonContext.Default.InteractionPayload);
            }
            catch (JsonException)
            {
            }
        }

        if (payload is null)
        {
            Reject(http, "interaction without a readable payload");
            return TypedResults.BadRequest();
        }

        return await handler.HandleInteractionAsync(payload) switch
        {
            SlackAck.Accepted => TypedResults.Ok(),
            SlackAck.Invalid invalid => TypedResults.Json(invalid.Errors, SlackJsonContext.Default.ViewSubmissionErrors),
            SlackAck.Unavailable => StateUnavailable(),
            var other => throw new InvalidOperationException($"An interaction cannot be answered with {other.GetType().Name}; map it in {nameof(InteractionsAsync)}."),
        };
    }

    internal static async Task<Results<JsonHttpResult<UrlVerificationResponse>, Ok, BadRequest, UnauthorizedHttpResult, ProblemHttpResult>> EventsAsync(
        HttpContext http, SlackRequestGate gate, SlackInboundHandler handler, CancellationToken cancellationToken)
    {
        var body = await gate.ReadVerifiedAsync(http, cancellationToken);
        if (body is null)
        {
            http.Response.Headers[NoRetryHeader] = "1";
            return TypedResults.Unauthorized();
        }

        EventEnvelope? envelope = null;
        try
        {
            envelope = JsonSerializer.Deserialize(body, SlackJsonContext.Default.EventEnvelope);
        }
        catch (JsonException)
        {
        }

        if (envelope is null)
        {
            Reject(http, "event without a readable envelope");
            http.Response.Headers[NoRetryHeader] = "1";
            return TypedResults.BadRequest();
        }

        return await handler.HandleEventAsync(envelope, http.Request.Headers[RetryNumHeader].ToString()) switch
        {
            SlackAck.Accepted => TypedResults.Ok(),
            SlackAck.Challenge challenge => TypedResults.Json(new UrlVerificationResponse(challenge.Value), SlackJsonContext.Default.UrlVerificationResponse),
            SlackAck.Unavailable => StateUnavailable(),
            var other => throw new InvalidOperationException($"An event cannot be answered with {other.GetType().Name}; map it in {nameof(EventsAsync)}."),
        };
    }

    /// <summary>
    /// 503 with the stable code <see cref="StateUnavailableCode"/>: nothing was queued. Slack retries an event (without
    /// <see cref="NoRetryHeader"/>) and shows the user an error for an interaction or a command, who can try again.
    /// </summary>
    private static ProblemHttpResult StateUnavailable() => TypedResults.Problem(
        title: "Slack payload not accepted",
        detail: "The bot could not record this payload (its chat state store or work queue did not answer), so it was not processed. Slack retries events; press, submit or type the command again.",
        statusCode: StatusCodes.Status503ServiceUnavailable,
        extensions: new Dictionary<string, object?> { ["code"] = StateUnavailableCode });

    private static void Reject(HttpContext http, string reason) => Log.RequestRejected(Logger(http), http.Request.Path, reason);

    private static ILogger Logger(HttpContext http) => http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SlackEndpoints).FullName!);
}
