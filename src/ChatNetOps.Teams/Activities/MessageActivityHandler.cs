namespace ChatNetOps.Teams.Activities;

using ChatNetOps.Conversation.Dialog;
using Microsoft.Extensions.Logging;

/// <summary>A typed line (bot mention stripped) or an Action.Submit press, answered in the same conversation or thread.</summary>
internal sealed partial class MessageActivityHandler(DialogService dialog, ChatEventFactory events, TeamsMessenger messenger, TeamsConversationNames names, ILogger<MessageActivityHandler> logger)
{
    public async Task HandleAsync(TeamsActivity activity, TeamsConversation conversation, TeamsTarget? target, CancellationToken cancellationToken)
    {
        var action = activity.Value is not null && string.IsNullOrWhiteSpace(activity.Text) ? ChatEventFactory.SubmitAction(activity) : null;
        if (action is null && string.IsNullOrWhiteSpace(MentionText.Clean(activity)))
        {
            Log.Ignored(logger, conversation.Key);
            return;
        }

        conversation = await names.NameAsync(activity, conversation, cancellationToken).ConfigureAwait(false);
        var chatEvent = await events.CreateAsync(activity, conversation, target?.ServiceUrl, action, cancellationToken).ConfigureAwait(false);
        if (chatEvent is null)
        {
            Log.NoIdentity(logger, conversation.Key);
            return;
        }

        var result = await dialog.HandleAsync(chatEvent, cancellationToken).ConfigureAwait(false);
        if (target is null)
        {
            Log.NoServiceUrl(logger, conversation.Key);
            return;
        }

        await messenger.DeliverAsync(target, result.Messages, cancellationToken).ConfigureAwait(false);
    }
}
