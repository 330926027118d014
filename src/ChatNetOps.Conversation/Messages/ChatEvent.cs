namespace ChatNetOps.Conversation.Messages;

using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;

/// <summary>
/// One thing a person did in chat, independent of the platform: typed <see cref="Text"/> or pressed a card button
/// (<see cref="Action"/>). Adapters build it from a verified Teams activity or Slack payload; the identity
/// (<see cref="UserId"/>) is what the platform vouched for, never something read from card data.
/// </summary>
/// <param name="Conversation">Where it happened; <see cref="ConversationRef.Kind"/> is Direct, Group or Console (bindings are resolved server-side).</param>
/// <param name="UserId">Slack user id, Teams AAD object id, or the policy member id on the console.</param>
public sealed record ChatEvent(ConversationRef Conversation, string UserId, string DisplayName)
{
    public ChatPlatform Platform => Conversation.Platform;

    /// <summary>The user's email when the platform supplied it (policy members may be matched by email).</summary>
    public string? Email { get; init; }

    /// <summary>The message text, mentions included (the parser strips them).</summary>
    public string? Text { get; init; }

    /// <summary>A card button press (Teams Action.Execute / Action.Submit, Slack block_actions).</summary>
    public CardAction? Action { get; init; }

    public Actor Actor => new(Platform, UserId, DisplayName);

    public static ChatEvent Message(ConversationRef conversation, string userId, string displayName, string text) =>
        new(conversation, userId, displayName) { Text = text };

    public static ChatEvent Press(ConversationRef conversation, string userId, string displayName, CardAction action) =>
        new(conversation, userId, displayName) { Action = action };
}
