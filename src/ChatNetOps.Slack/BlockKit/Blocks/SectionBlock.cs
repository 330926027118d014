namespace ChatNetOps.Slack.BlockKit.Blocks;

using ChatNetOps.Slack.BlockKit.Elements;

/// <summary>Text (≤ 3,000 characters) and/or up to 10 fields (≤ 2,000 characters each), optionally one accessory.</summary>
internal sealed record SectionBlock : Block
{
    public TextObject? Text { get; init; }

    public IReadOnlyList<TextObject>? Fields { get; init; }

    public BlockElement? Accessory { get; init; }
}
