namespace ChatNetOps.Slack.BlockKit.Blocks;

/// <summary>A horizontal rule.</summary>
internal sealed record DividerBlock : Block;
