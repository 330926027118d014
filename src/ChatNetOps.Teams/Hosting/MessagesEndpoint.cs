namespace ChatNetOps.Teams.Hosting;

using System.Diagnostics;
using System.Text.Json;
using ChatNetOps.Inbound;
using ChatNetOps.Teams.Activities;
using ChatNetOps.Teams.Auth;
using ChatNetOps.Teams.Connector;
using ChatNetOps.Teams.Invoke;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// One POST from the Bot Connector: authenticate from the Authorization header before the body is read (a refusal
/// reads at most <see cref="ClaimedBytes"/> of it, and only when it is recorded in full, for the identity it claims),
/// then read the body bounded by <see cref="InboundBody.MaxBytes"/> whatever the framing, bind the token to the
/// activity (Teams only, serviceurl, endorsement, tenant), remember the serviceUrl, and route by activity type.
/// Non-invoke activities get 200 with no body; <c>adaptiveCard/action</c> gets its Universal Actions answer; other
/// invokes 501, as botbuilder does. Every 401 is recorded (<see cref="TeamsAuthDenials"/>).
/// </summary>
internal static partial class MessagesEndpoint
{
    /// <summary>How much of a refused request's body is read to record the identity it claims.</summary>
    internal const int ClaimedBytes = 16 * 1024;

    public static async Task<IResult> HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var authenticator = services.GetRequiredService<InboundAuthenticator>();
        var denials = services.GetRequiredService<TeamsAuthDenials>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MessagesEndpoint).FullName!);
        var cancellationToken = context.RequestAborted;
        var remote = context.Connection.RemoteIpAddress?.ToString();

        if (InboundBody.DeclaresMoreThan(context.Request))
        {
            Log.TooLarge(logger, remote ?? "unknown");
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var outcome = await authenticator.AuthenticateAsync(context).ConfigureAwait(false);
        if (outcome is InboundAuthOutcome.Refused refused)
        {
            await RefuseAsync(denials, refused.Reason, remote, () => ReadClaimedAsync(context.Request, cancellationToken), cancellationToken).ConfigureAwait(false);
            return TypedResults.Unauthorized();
        }

        var body = await InboundBody.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            Log.TooLarge(logger, remote ?? "unknown");
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var activity = Parse(body);
        if (activity?.Type is null)
        {
            return TypedResults.Problem("The body is not a Bot Framework activity with a type.", statusCode: StatusCodes.Status400BadRequest, title: "BadActivity");
        }

        if (authenticator.VerifyActivity(outcome, activity) is { } reason)
        {
            await RefuseAsync(denials, reason, remote, () => Task.FromResult<TeamsActivity?>(activity), cancellationToken).ConfigureAwait(false);
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

        // The dialog, the request and its run continue this span's trace (the type is the client's: known ones only).
        using var span = Telemetry.Source.StartActivity("teams " + activity.Type switch
        {
            ActivityTypes.Message or ActivityTypes.Invoke or ActivityTypes.ConversationUpdate or ActivityTypes.InstallationUpdate => activity.Type,
            _ => "other",
        }, ActivityKind.Internal);

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

    /// <summary>Counts the refusal; records it in full (with what the body claims) only when it is one of the first of its minute.</summary>
    private static async Task RefuseAsync(TeamsAuthDenials denials, string reason, string? remote, Func<Task<TeamsActivity?>> claimed, CancellationToken cancellationToken)
    {
        if (denials.Admit(reason, remote))
        {
            await denials.RecordAsync(reason, await claimed().ConfigureAwait(false), remote, cancellationToken).ConfigureAwait(false);
        }

        await denials.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What an unauthenticated body claims, from at most <see cref="ClaimedBytes"/> of it (null when longer).</summary>
    private static async Task<TeamsActivity?> ReadClaimedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var body = await InboundBody.ReadAsync(request, cancellationToken, ClaimedBytes).ConfigureAwait(false);
            return body is null ? null : Parse(body);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static TeamsActivity? Parse(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, TeamsJsonContext.Default.TeamsActivity);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
