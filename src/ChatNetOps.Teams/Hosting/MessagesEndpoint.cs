namespace ChatNetOps.Teams.Hosting;

using System.Text.Json;
using ChatNetOps.Teams.Activities;
using ChatNetOps.Teams.Auth;
using ChatNetOps.Teams.Connector;
using ChatNetOps.Teams.Invoke;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// One POST from the Bot Connector: authenticate (and record refusals), bind the token to the activity (serviceurl,
/// endorsement), remember the serviceUrl, then route by activity type. Non-invoke activities get 200 with no body;
/// <c>adaptiveCard/action</c> gets its Universal Actions answer; other invokes 501, as botbuilder does.
/// </summary>
internal static partial class MessagesEndpoint
{
    private const int MaxBodyBytes = 512 * 1024;

    public static async Task<IResult> HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var authenticator = services.GetRequiredService<InboundAuthenticator>();
        var denials = services.GetRequiredService<TeamsAuthDenials>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MessagesEndpoint).FullName!);
        var cancellationToken = context.RequestAborted;

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var activity = await ReadActivityAsync(context.Request, cancellationToken).ConfigureAwait(false);
        var remote = context.Connection.RemoteIpAddress?.ToString();
        var outcome = await authenticator.AuthenticateAsync(context).ConfigureAwait(false);
        if (outcome is InboundAuthOutcome.Refused refused)
        {
            await denials.RecordAsync(refused.Reason, activity, remote, cancellationToken).ConfigureAwait(false);
            return TypedResults.Unauthorized();
        }

        if (activity?.Type is null)
        {
            return TypedResults.Problem("The body is not a Bot Framework activity with a type.", statusCode: StatusCodes.Status400BadRequest, title: "BadActivity");
        }

        if (authenticator.VerifyActivity(outcome, activity) is { } reason)
        {
            await denials.RecordAsync(reason, activity, remote, cancellationToken).ConfigureAwait(false);
            return TypedResults.Unauthorized();
        }

        var conversation = TeamsConversation.From(activity);
        if (conversation is null)
        {
            return TypedResults.Problem("The activity has no conversation.", statusCode: StatusCodes.Status400BadRequest, title: "BadActivity");
        }

        var serviceUrl = await services.GetRequiredService<ServiceUrlRegistry>()
            .RecordAsync(activity.ServiceUrl, conversation.TenantId, conversation.Key, conversation.ReplyId, cancellationToken).ConfigureAwait(false);
        var target = serviceUrl is null ? null : new TeamsTarget(serviceUrl, conversation.ReplyId, conversation.Key);
        Log.Received(logger, activity.Type, activity.Name ?? string.Empty, conversation.Key);

        switch (activity.Type)
        {
            case ActivityTypes.Message:
                await services.GetRequiredService<MessageActivityHandler>().HandleAsync(activity, conversation, target, cancellationToken).ConfigureAwait(false);
                return TypedResults.Ok();
            case ActivityTypes.Invoke when activity.Name == ActivityTypes.AdaptiveCardAction:
                var response = await services.GetRequiredService<CardActionInvokeHandler>().HandleAsync(activity, conversation, target, cancellationToken).ConfigureAwait(false);
                return TypedResults.Json(response, TeamsJsonContext.Default.AdaptiveCardInvokeResponse);
            case ActivityTypes.Invoke:
                return TypedResults.StatusCode(StatusCodes.Status501NotImplemented);
            case ActivityTypes.ConversationUpdate or ActivityTypes.InstallationUpdate:
                await services.GetRequiredService<WelcomeHandler>().HandleAsync(activity, conversation, target, cancellationToken).ConfigureAwait(false);
                return TypedResults.Ok();
            default:
                return TypedResults.Ok();
        }
    }

    private static async Task<TeamsActivity?> ReadActivityAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (buffer.Length is 0 or > MaxBodyBytes)
            {
                return null;
            }

            buffer.Position = 0;
            return await JsonSerializer.DeserializeAsync(buffer, TeamsJsonContext.Default.TeamsActivity, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6020, Level = LogLevel.Debug, Message = "Teams {Type} {Name} in {Conversation}")]
        public static partial void Received(ILogger logger, string type, string name, string conversation);
    }
}
