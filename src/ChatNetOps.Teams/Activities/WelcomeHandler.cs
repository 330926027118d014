namespace ChatNetOps.Teams.Activities;

using ChatNetOps.Conversation.Dialog;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Core.Channels;
using Microsoft.Extensions.Logging;

/// <summary>
/// installationUpdate (add) and conversationUpdate (the bot among membersAdded): a welcome with the help card for the
/// person who added the bot. Teams sends both for one install, at the same time and possibly to different replicas, so
/// the welcome is claimed with a conditional write in the shared chat state store (<see cref="IChatStateStore.TryAddAsync"/>):
/// exactly one of them welcomes, and the conversation is not welcomed again for <see cref="Quiet"/>. Both activities
/// also name the conversation, which <see cref="TeamsConversationNames"/> keeps.
/// </summary>
internal sealed partial class WelcomeHandler(
    DialogService dialog,
    ChatEventFactory events,
    TeamsMessenger messenger,
    TeamsConversationNames names,
    IChatStateStore state,
    TimeProvider time,
    ILogger<WelcomeHandler> logger)
{
    public static readonly TimeSpan Quiet = TimeSpan.FromMinutes(10);

    public const string WelcomeText = "Hello! I run pre-approved network runbooks with approvals, device locks and an audit trail. Type help any time; in a channel, mention me first.";

    public static bool IsWelcome(TeamsActivity activity) => activity.Type switch
    {
        ActivityTypes.InstallationUpdate => activity.Action?.StartsWith("add", StringComparison.OrdinalIgnoreCase) == true,
        ActivityTypes.ConversationUpdate => activity.MembersAdded?.Any(m => m.Id is not null && string.Equals(m.Id, activity.Recipient?.Id, StringComparison.OrdinalIgnoreCase)) == true,
        _ => false,
    };

    public async Task HandleAsync(TeamsActivity activity, TeamsConversation conversation, TeamsTarget? target, CancellationToken cancellationToken)
    {
        try
        {
            await names.RememberAsync(activity, conversation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A name is a nicety: cards fall back to the conversation id.
            Log.NameNotKept(logger, conversation.Key, ex);
        }

        if (target is null || !IsWelcome(activity) || !await ClaimAsync(conversation, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var help = activity with { Text = "help", Entities = null, Value = null };
        var chatEvent = await events.CreateAsync(help, conversation, target.ServiceUrl, null, cancellationToken).ConfigureAwait(false);
        if (chatEvent is null)
        {
            return;
        }

        var result = await dialog.HandleAsync(chatEvent, cancellationToken).ConfigureAwait(false);
        await messenger.DeliverAsync(target, [OutboundMessage.Plain(WelcomeText), .. result.Messages], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True for the one caller that may welcome this conversation now; false (no welcome) when the store cannot say.</summary>
    private async Task<bool> ClaimAsync(TeamsConversation conversation, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            return await state.TryAddAsync("teams:welcome:" + conversation.Key, now.ToString("O", System.Globalization.CultureInfo.InvariantCulture), now + Quiet, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Without the store two replicas could both welcome; a missed welcome costs less than a repeated one.
            Log.WelcomeSkipped(logger, conversation.Key, ex);
            return false;
        }
    }
}
