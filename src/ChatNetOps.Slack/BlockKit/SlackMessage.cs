namespace ChatNetOps.Slack.BlockKit;

using ChatNetOps.Slack.BlockKit.Blocks;

/// <summary>The text fallback (notifications, screen readers) and the blocks of one message.</summary>
internal sealed record SlackMessage(string Text, IReadOnlyList<Block> Blocks);
