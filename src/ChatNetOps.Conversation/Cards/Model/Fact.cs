namespace ChatNetOps.Conversation.Cards.Model;

/// <summary>A fact of a FactSet; both are card Markdown.</summary>
public sealed record Fact(string Title, string Value);
