namespace ChatNetOps.Slack.BlockKit.Blocks;

using ChatNetOps.Slack.BlockKit.Elements;

/// <summary>Up to 25 interactive elements.</summary>
internal sealed record ActionsBlock(IReadOnlyList<BlockElement> Elements) : Block;
