namespace ChatNetOps.Core.Channels;

using ChatNetOps.Core.Policy;

/// <summary>
/// Where a request's card is: the chat message that shows it, so status changes and results update that message in
/// place. A record of its own with one writer (whoever posted the card), apart from the request, which the dialog, the
/// approver and the worker change.
/// </summary>
/// <param name="RequestId">The request the card shows.</param>
/// <param name="Platform">The chat platform the message was posted on.</param>
/// <param name="ConversationId">The conversation it was posted in (the request's origin).</param>
/// <param name="MessageId">The platform's id of the message (Slack ts, Teams activity id, a console number).</param>
public sealed record RequestCard(string RequestId, ChatPlatform Platform, string ConversationId, string MessageId)
{
    /// <summary>A link to the message, when the platform gives one; the audit trail and the incident export link it.</summary>
    public string? Link { get; init; }
}
