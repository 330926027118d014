namespace ChatNetOps.Slack.WebApi.Wire;

using ChatNetOps.Slack.BlockKit.Blocks;

/// <summary>A message sent to a <c>response_url</c> (up to 5 times within 30 minutes of the interaction).</summary>
internal sealed record ResponseUrlMessage(string Text, IReadOnlyList<Block> Blocks)
{
    public const string Ephemeral = "ephemeral";
    public const string InChannel = "in_channel";

    public string ResponseType { get; init; } = Ephemeral;

    public bool? ReplaceOriginal { get; init; }

    public bool? DeleteOriginal { get; init; }
}
