namespace ChatNetOps.Conversation.Rendering;

using System.Text.Json.Nodes;

/// <summary>A numbered button of a rendered card.</summary>
/// <param name="Type">Action.Execute, Action.Submit, Action.OpenUrl, Action.ToggleVisibility or Action.ShowCard.</param>
/// <param name="Inputs">The card inputs whose values travel with the press (per associatedInputs).</param>
public sealed record CardButton(int Number, string Title, string Type, string? Verb, JsonObject Data, IReadOnlyList<CardInput> Inputs)
{
    /// <summary>Element ids an Action.ToggleVisibility shows or hides.</summary>
    public IReadOnlyList<string> Targets { get; init; } = [];

    public string? Url { get; init; }
}
