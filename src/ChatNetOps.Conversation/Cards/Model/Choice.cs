namespace ChatNetOps.Conversation.Cards.Model;

/// <summary>A choice of an Input.ChoiceSet.</summary>
public sealed record Choice(string Title, string Value);
