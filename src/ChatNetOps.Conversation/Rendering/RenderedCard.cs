namespace ChatNetOps.Conversation.Rendering;

/// <summary>An Adaptive Card as readable text, with its buttons numbered and its hidden parts kept aside.</summary>
/// <param name="Hidden">Text of elements with <c>isVisible: false</c>, by element id (what a toggle would show).</param>
public sealed record RenderedCard(string Text, IReadOnlyList<CardButton> Buttons, IReadOnlyList<CardInput> Inputs, IReadOnlyDictionary<string, string> Hidden);
