namespace ChatNetOps.Conversation.Messages;

using System.Text.Json.Nodes;

/// <summary>A button pressed on one of our cards: its verb and data merged with the card's input values.</summary>
/// <param name="Verb">The Action.Execute verb (Slack: the button's action_id).</param>
/// <param name="Data">The action's data merged with input values. Untrusted: only known fields are read.</param>
/// <param name="ReplyToMessageId">The message that carried the card (Teams replyToId, Slack message ts).</param>
public sealed record CardAction(string Verb, JsonObject Data, string? ReplyToMessageId)
{
    /// <summary>Teams <c>trigger: automatic</c>: a refresh rather than a press.</summary>
    public bool IsRefresh { get; init; }
}
