namespace ChatNetOps.Slack.BlockKit;

using ChatNetOps.Slack.BlockKit.Blocks;

/// <summary>One Adaptive Card input as a modal input block, with the card's own checks for the submission.</summary>
/// <param name="Id">The input id: block_id and action_id in the modal, the data key in the card action.</param>
internal sealed record FormInput(string Id, Block Block)
{
    public string? Regex { get; init; }

    public string? ErrorMessage { get; init; }

    public bool Required { get; init; }
}
