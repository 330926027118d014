namespace ChatNetOps.Slack.BlockKit;

using System.Text.Json.Nodes;
using ChatNetOps.Slack.BlockKit.Blocks;

/// <summary>
/// A card action that needs the card's inputs: pressing its button opens a modal with <see cref="Inputs"/>, and
/// submitting the modal sends <see cref="Verb"/> with <see cref="Data"/> merged with the values.
/// </summary>
internal sealed record CardForm(string Id, string Verb, JsonObject Data, string Title, string SubmitLabel)
{
    /// <summary>False for a stash: data too large for a button value, kept here with no modal.</summary>
    public bool UsesInputs { get; init; }

    /// <summary>Card content shown above the inputs (only for cards that are nothing but a form).</summary>
    public IReadOnlyList<Block> Intro { get; init; } = [];

    public IReadOnlyList<FormInput> Inputs { get; init; } = [];
}
