namespace ChatNetOps.Slack.BlockKit.Blocks;

using ChatNetOps.Slack.BlockKit.Elements;

/// <summary>A labelled input in a modal; its value comes back in <c>view.state.values[block_id][action_id]</c>.</summary>
internal sealed record InputBlock(TextObject Label, BlockElement Element) : Block
{
    public bool? Optional { get; init; }

    public TextObject? Hint { get; init; }
}
