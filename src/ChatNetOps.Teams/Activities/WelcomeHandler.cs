namespace ChatNetOps.Teams.Activities;

using System.Collections.Concurrent;
using ChatNetOps.Conversation.Dialog;
using ChatNetOps.Conversation.Messages;

/// <summary>
/// installationUpdate (add) and conversationUpdate (the bot among membersAdded): a welcome with the help card for the
/// person who added the bot. Teams sends both for one install, so one welcome per conversation per ten minutes.
/// </summary>
internal sealed class WelcomeHandler(DialogService dialog, ChatEventFactory events, TeamsMessenger messenger, TimeProvider time)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _welcomed = new(StringComparer.Ordinal);

    public static bool IsWelcome(TeamsActivity activity) => activity.Type switch
    {
        ActivityTypes.InstallationUpdate => activity.Action?.StartsWith("add", StringComparison.OrdinalIgnoreCase) == true,
        ActivityTypes.ConversationUpdate => activity.MembersAdded?.Any(m => m.Id is not null && string.Equals(m.Id, activity.Recipient?.Id, StringComparison.OrdinalIgnoreCase)) == true,
        _ => false,
    };

    public async Task HandleAsync(TeamsActivity activity, TeamsConversation conversation, TeamsTarget? target, CancellationToken cancellationToken)
    {
        if (target is null || !IsWelcome(activity))
        {
            return;
        }

        var now = time.GetUtcNow();
        if (_welcomed.TryGetValue(conversation.Key, out var last) && now - last < Quiet)
        {
            return;
        }

        _welcomed[conversation.Key] = now;
        var help = activity with { Text = "help", Entities = null, Value = null };
        var chatEvent = await events.CreateAsync(help, conversation, target.ServiceUrl, null, cancellationToken).ConfigureAwait(false);
        if (chatEvent is null)
        {
            return;
        }

        var result = await dialog.HandleAsync(chatEvent, cancellationToken).ConfigureAwait(false);
        var welcome = OutboundMessage.Plain($"Hello! I run pre-approved network runbooks with approvals, device locks and an audit trail. Type help any time; in a channel, mention me first.");
        await messenger.DeliverAsync(target, [welcome, .. result.Messages], cancellationToken).ConfigureAwait(false);
    }
}
