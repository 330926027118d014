namespace ChatNetOps.Slack.BlockKit.Blocks;

/// <summary>A large bold line of plain text (≤ 150 characters).</summary>
internal sealed record HeaderBlock(TextObject Text) : Block;
