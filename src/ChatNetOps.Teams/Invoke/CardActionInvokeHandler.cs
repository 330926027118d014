namespace ChatNetOps.Teams.Invoke;

using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Dialog;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Teams.Activities;
using ChatNetOps.Teams.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>
/// <c>adaptiveCard/action</c> (Action.Execute). The presser gets a Universal Actions answer within
/// <see cref="TeamsOptions.InvokeTimeout"/>: the user-specific or updated card, or a message (refusals are messages,
/// so the approval card stays); cards that change for everyone are PUT, other messages posted to the thread. Work
/// that outlasts the timeout goes on and updates the card when it is done, also when the host is asked to stop meanwhile
/// (<see cref="UnfinishedInvokes"/>).
/// </summary>
internal sealed partial class CardActionInvokeHandler(
    DialogService dialog,
    ChatEventFactory events,
    TeamsMessenger messenger,
    IOptions<TeamsOptions> options,
    TimeProvider time,
    UnfinishedInvokes unfinished,
    ILogger<CardActionInvokeHandler> logger)
{
    public async Task<AdaptiveCardInvokeResponse> HandleAsync(TeamsActivity activity, TeamsConversation conversation, TeamsTarget? target, CancellationToken cancellationToken)
    {
        var action = ChatEventFactory.ExecuteAction(activity);
        if (action is null)
        {
            return AdaptiveCardInvokeResponse.Error(400, "BadRequest", "The card action has no verb.");
        }

        // Not tied to the request: if Teams stops waiting, the work still finishes and updates the card, and a stopping
        // host waits for it (it is cancelled only when the host's shutdown timeout runs out).
        var work = ProcessAsync(activity, conversation, target, action, unfinished.Aborted);
        unfinished.Track(work);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var finished = await Task.WhenAny(work, Task.Delay(options.Value.InvokeTimeout, time, timeout.Token)).ConfigureAwait(false);
        if (finished == work)
        {
            await timeout.CancelAsync().ConfigureAwait(false);
            return await work.ConfigureAwait(false);
        }

        Log.Slow(logger, action.Verb, options.Value.InvokeTimeout.TotalSeconds);
        return AdaptiveCardInvokeResponse.Message("Working on it: the card will update when it is done.");
    }

    private async Task<AdaptiveCardInvokeResponse> ProcessAsync(TeamsActivity activity, TeamsConversation conversation, TeamsTarget? target, CardAction action, CancellationToken cancellationToken)
    {
        try
        {
            var chatEvent = await events.CreateAsync(activity, conversation, target?.ServiceUrl, action, cancellationToken).ConfigureAwait(false);
            if (chatEvent is null)
            {
                return AdaptiveCardInvokeResponse.Error(400, "BadRequest", "The card action has no sender.");
            }

            var result = await dialog.HandleAsync(chatEvent, cancellationToken).ConfigureAwait(false);
            var (response, answered) = Choose(result.Messages, action);
            if (target is not null)
            {
                await messenger.DeliverAsync(target, result.Messages.Where(m => !m.Ephemeral && !ReferenceEquals(m, answered)), cancellationToken).ConfigureAwait(false);
                if (response.Card is not null)
                {
                    // The answered card is also PUT when it replaces the base card for everyone.
                    if (answered?.ReplaceMessageId is not null && !answered.Ephemeral)
                    {
                        await messenger.DeliverAsync(target, [answered], cancellationToken).ConfigureAwait(false);
                    }

                    return AdaptiveCardInvokeResponse.Card(await messenger.PrepareCardAsync(response, target, cancellationToken).ConfigureAwait(false) ?? response.Card);
                }
            }

            return response.Card is { } bare ? AdaptiveCardInvokeResponse.Card(bare) : AdaptiveCardInvokeResponse.Message(response.Text);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return AdaptiveCardInvokeResponse.Error(503, "ShuttingDown", "The bot is restarting; try again in a moment.");
        }
        catch (Exception ex)
        {
            Log.Failed(logger, action.Verb, ex);
            return AdaptiveCardInvokeResponse.Error(500, "InternalError", "Something went wrong on our side; nothing was changed by this click. Check 'status' before trying again.");
        }
    }

    /// <summary>
    /// What the presser sees: a user-specific card first; a card replacing the pressed one next; refusals and other
    /// notes as a message (a denied card would hide the approval card from its viewer).
    /// </summary>
    internal static (OutboundMessage Response, OutboundMessage? Answered) Choose(IReadOnlyList<OutboundMessage> messages, CardAction action)
    {
        var personalCard = messages.FirstOrDefault(m => m.Ephemeral && m.Card is not null && m.CardName != CardNames.Denied);
        if (personalCard is not null)
        {
            return (personalCard, personalCard);
        }

        var denied = messages.FirstOrDefault(m => m.Ephemeral && m.CardName == CardNames.Denied);
        if (denied is not null)
        {
            return (OutboundMessage.Plain(denied.Text), denied);
        }

        var replaced = messages.FirstOrDefault(m => m.Card is not null && m.ReplaceMessageId is not null
            && string.Equals(m.ReplaceMessageId, action.ReplyToMessageId, StringComparison.Ordinal));
        if (replaced is not null)
        {
            return (replaced, replaced);
        }

        var notes = messages.Where(m => m.Ephemeral && m.Card is null).Select(m => m.Text).ToArray();
        if (notes.Length > 0)
        {
            return (OutboundMessage.Plain(string.Join(" ", notes)), null);
        }

        var text = messages.FirstOrDefault(m => m.Card is null)?.Text ?? "Done.";
        return (OutboundMessage.Plain(text), null);
    }
}
