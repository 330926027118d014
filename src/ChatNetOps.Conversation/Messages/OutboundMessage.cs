namespace ChatNetOps.Conversation.Messages;

using System.Text.Json.Nodes;

/// <summary>
/// Something to show in chat: a plain-text fallback (always present, for notifications and clients without cards)
/// and optionally an Adaptive Card 1.5.
/// </summary>
public sealed record OutboundMessage(string Text, JsonObject? Card = null)
{
    /// <summary>Which template the card came from (<see cref="Cards.CardNames"/>), when it is one of ours.</summary>
    public string? CardName { get; init; }

    /// <summary>Update this existing message in place instead of posting (Teams PUT activity, Slack chat.update).</summary>
    public string? ReplaceMessageId { get; init; }

    /// <summary>
    /// Only the acting user should see it (Teams: the invoke response card; Slack: response_url ephemeral or
    /// chat.postEphemeral). Never stored as a request's card.
    /// </summary>
    public bool Ephemeral { get; init; }

    /// <summary>
    /// The request this card shows. After posting a non-ephemeral message that has this set, the adapter calls
    /// <see cref="Dialog.DialogService.AttachMessageAsync"/> with the platform's message id, so later status changes
    /// update this message in place.
    /// </summary>
    public string? RequestId { get; init; }

    /// <summary>False for cards that show a request but must not become its card: copies (status, refresh).</summary>
    public bool Attachable { get; init; } = true;

    /// <summary>
    /// The approvers of the request this card asks to decide, by their user id on the message's platform (Slack user id,
    /// Teams AAD object id, policy member id on the console), at most <see cref="Cards.CardLimits.TeamsRefreshUserIds"/>.
    /// The adapter notifies them: Teams puts their MRIs in the card's <c>refresh.userIds</c> and @mentions them; Slack
    /// @mentions them.
    /// </summary>
    public IReadOnlyList<string> ApproverIds { get; init; } = [];

    /// <summary>
    /// A file to share in the conversation with the message (the html report), where the platform allows: Slack uploads
    /// it after posting the message (files.getUploadURLExternal, then files.completeUploadExternal); Teams and the
    /// console leave it out, and the message says where to get it instead.
    /// </summary>
    public OutboundFile? File { get; init; }

    public static OutboundMessage Plain(string text) => new(text);
}
