namespace ChatNetOps.Slack.Inbound.Wire;

/// <summary>Where the pressed element lives: a message (channel + ts) or a view.</summary>
internal sealed record InteractionContainer
{
    public string? Type { get; init; }

    public string? MessageTs { get; init; }

    public string? ChannelId { get; init; }

    public bool IsEphemeral { get; init; }

    public string? ThreadTs { get; init; }

    public string? ViewId { get; init; }
}
