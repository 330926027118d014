namespace ChatNetOps.Slack.BlockKit.Blocks;

/// <summary>Small grey text; up to 10 elements.</summary>
internal sealed record ContextBlock(IReadOnlyList<TextObject> Elements) : Block;
