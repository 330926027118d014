namespace ChatNetOps.Slack.Inbound.Wire;

/// <summary>One pressed element of a block_actions payload.</summary>
internal sealed record InteractionAction(string ActionId)
{
    public string? BlockId { get; init; }

    public string? Type { get; init; }

    public string? Value { get; init; }

    public string? Url { get; init; }

    public string? ActionTs { get; init; }

    public SelectedOption? SelectedOption { get; init; }
}
