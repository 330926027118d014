namespace ChatNetOps.Teams.Activities;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;
using ChatNetOps.Teams.Connector;

/// <summary>
/// Turns a validated activity into the dialog's <see cref="ChatEvent"/>. The user is identified only by the AAD object
/// id Teams vouches for (<c>from.aadObjectId</c> of an <c>msteams</c> activity, a GUID); an activity without one has
/// no identity and is not handed to the dialog. <c>from.id</c> is never an identity: on other Bot Framework channels
/// the client chooses it. When the policy does not know the AAD object id, the email from the members API (cached) is
/// offered — the member's own, from the activity's tenant (checked allowed at the endpoint); policy matches it only
/// to a member with no AAD object id. A matched member is named by the policy's display name, never by <c>from.name</c>.
/// </summary>
internal sealed class ChatEventFactory(InventoryCatalog catalog, TeamsMemberDirectory members)
{
    public async Task<ChatEvent?> CreateAsync(TeamsActivity activity, TeamsConversation conversation, Uri? serviceUrl, CardAction? action, CancellationToken cancellationToken)
    {
        var from = activity.From;
        if (from?.Id is null || !Guid.TryParseExact(from.AadObjectId, "D", out _))
        {
            return null;
        }

        members.Learn(from.AadObjectId, from.Id, from.Name);
        var userId = from.AadObjectId!;
        string? email = null;
        if (catalog.Policy.FindMember(ChatPlatform.Teams, userId) is null && serviceUrl is not null)
        {
            email = await members.FindEmailAsync(serviceUrl, conversation.ReplyId, from.Id, userId, cancellationToken).ConfigureAwait(false);
        }

        // A policy member is shown by the policy's display name everywhere (cards, audit, exports), as on Slack and the
        // console; from.name is the client's and only names a user the policy does not know. The identity stays the AAD id.
        var name = catalog.Policy.Match(ChatPlatform.Teams, userId, email)?.Member.DisplayName is { Length: > 0 } display
            ? display
            : string.IsNullOrWhiteSpace(from.Name) ? userId : from.Name;

        var reference = conversation.ToReference();
        var chatEvent = action is null
            ? ChatEvent.Message(reference, userId, name, MentionText.Clean(activity))
            : ChatEvent.Press(reference, userId, name, action);
        return chatEvent with { Email = email };
    }

    /// <summary>Action.Execute (invoke <c>adaptiveCard/action</c>): verb and data; <c>trigger</c> and <c>action.id</c> are optional.</summary>
    public static CardAction? ExecuteAction(TeamsActivity activity)
    {
        if (activity.Value is not JsonObject value || value["action"] is not JsonObject action)
        {
            return null;
        }

        var verb = action["verb"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (string.IsNullOrEmpty(verb))
        {
            return null;
        }

        var data = action["data"] is JsonObject d ? (JsonObject)d.DeepClone() : [];
        var trigger = value["trigger"] is JsonValue t && t.TryGetValue<string>(out var ts) ? ts : null;
        return new CardAction(verb, data, activity.ReplyToId)
        {
            IsRefresh = string.Equals(trigger, "automatic", StringComparison.OrdinalIgnoreCase),
        };
    }

    /// <summary>Action.Submit (a message with <c>value</c>): the verb travels in the data as <c>verb</c>.</summary>
    public static CardAction? SubmitAction(TeamsActivity activity)
    {
        if (activity.Value is not JsonObject value)
        {
            return null;
        }

        var data = (JsonObject)value.DeepClone();
        var verb = data["verb"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (string.IsNullOrEmpty(verb))
        {
            return null;
        }

        data.Remove("verb");
        return new CardAction(verb, data, activity.ReplyToId);
    }
}
