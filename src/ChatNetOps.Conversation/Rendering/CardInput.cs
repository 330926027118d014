namespace ChatNetOps.Conversation.Rendering;

/// <summary>An input of a card as the console shows and asks for it.</summary>
public sealed record CardInput(string Id, string Label, string Type, bool Required)
{
    /// <summary>(title, value) pairs of an Input.ChoiceSet.</summary>
    public IReadOnlyList<(string Title, string Value)> Choices { get; init; } = [];

    public string? Value { get; init; }
}
