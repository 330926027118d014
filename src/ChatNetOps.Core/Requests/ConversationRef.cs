namespace ChatNetOps.Core.Requests;

using ChatNetOps.Core.Policy;

/// <summary>
/// Where a request came from and where its messages go back to. Written once, with the request; the message that shows
/// the request's card is a record of its own (<see cref="Channels.RequestCard"/>).
/// </summary>
public sealed record ConversationRef(ChatPlatform Platform, string ConversationId, ChannelKind Kind)
{
    /// <summary>Thread or reply chain the bot answers in, when the platform has one (Slack thread_ts).</summary>
    public string? ThreadId { get; init; }

    /// <summary>The incident or change window this conversation is bound to, resolved when the request was made.</summary>
    public string? BoundTo { get; init; }

    /// <summary>A link to the message, for the audit trail.</summary>
    public string? Link { get; init; }

    /// <summary>The conversation's name as the platform gave it (a Slack <c>#channel</c>, a Teams team › channel or chat topic); null when unknown.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// The same conversation on the same platform (ids compared exactly); thread, binding, link and name do not matter.
    /// A request is decided and read only from the conversation it was made in.
    /// </summary>
    public bool IsSameAs(ConversationRef other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Platform == other.Platform && string.Equals(ConversationId, other.ConversationId, StringComparison.Ordinal);
    }
}
