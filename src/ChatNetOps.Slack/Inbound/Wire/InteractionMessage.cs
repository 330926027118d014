namespace ChatNetOps.Slack.Inbound.Wire;

/// <summary>The message that carried the pressed button.</summary>
internal sealed record InteractionMessage
{
    public string? Ts { get; init; }

    public string? ThreadTs { get; init; }
}
