namespace ChatNetOps.Slack.WebApi.Wire;

using ChatNetOps.Slack.BlockKit.Blocks;

/// <summary>chat.update: replaces the text and blocks of a message the bot posted.</summary>
internal sealed record UpdateMessageRequest(string Channel, string Ts, string Text, IReadOnlyList<Block> Blocks);
