namespace ChatNetOps.Teams.Activities;

using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary>
/// Where an activity happened. <see cref="Key"/> is the conversation as policy and bindings know it (a channel's
/// id without <c>;messageid=…</c>); <see cref="ReplyId"/> is where the bot answers (the thread, as Teams sent it).
/// </summary>
internal sealed record TeamsConversation(string Key, string ReplyId, ChannelKind Kind)
{
    private const string ThreadSuffix = ";messageid=";

    public string? TenantId { get; init; }

    public string? TeamId { get; init; }

    public string? ChannelId { get; init; }

    public bool IsChannel => ChannelId is not null;

    /// <summary>The conversation's name when Teams gave one (see <see cref="TeamsConversationNames"/>).</summary>
    public string? Name { get; init; }

    public static TeamsConversation? From(TeamsActivity activity)
    {
        var id = activity.Conversation?.Id;
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        var data = activity.ChannelData;
        var type = activity.Conversation!.ConversationType;
        var isChannel = string.Equals(type, "channel", StringComparison.OrdinalIgnoreCase) || data?.Channel?.Id is not null;
        var channelId = isChannel ? data?.Channel?.Id ?? data?.TeamsChannelId ?? StripThread(id) : null;
        var kind = string.Equals(type, "personal", StringComparison.OrdinalIgnoreCase) || (type is null && activity.Conversation.IsGroup != true && !isChannel)
            ? ChannelKind.Direct
            : ChannelKind.Group;
        return new TeamsConversation(channelId ?? StripThread(id), id, kind)
        {
            TenantId = data?.Tenant?.Id ?? activity.Conversation.TenantId,
            TeamId = data?.Team?.Id ?? data?.TeamsTeamId,
            ChannelId = channelId,
        };
    }

    /// <summary>The conversation reference the dialog sees: platform Teams, the policy key, the thread to answer in.</summary>
    public ConversationRef ToReference() => new(ChatPlatform.Teams, Key, Kind)
    {
        ThreadId = string.Equals(ReplyId, Key, StringComparison.Ordinal) ? null : ReplyId,
        Name = Name,
    };

    /// <summary>Where to post for a stored reference: its thread when it has one, else the conversation.</summary>
    public static string ReplyIdOf(ConversationRef reference) => reference.ThreadId ?? reference.ConversationId;

    public static string StripThread(string conversationId)
    {
        var at = conversationId.IndexOf(ThreadSuffix, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? conversationId : conversationId[..at];
    }
}
