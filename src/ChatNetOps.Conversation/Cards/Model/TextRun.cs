namespace ChatNetOps.Conversation.Cards.Model;

/// <summary>A run of a RichTextBlock: literal text (not Markdown).</summary>
public sealed record TextRun(string Text, bool Bolder, bool Monospace);
