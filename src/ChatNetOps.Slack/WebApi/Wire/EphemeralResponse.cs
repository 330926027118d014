namespace ChatNetOps.Slack.WebApi.Wire;

/// <summary>chat.postEphemeral answer.</summary>
internal sealed record EphemeralResponse : SlackApiResponse
{
    public string? MessageTs { get; init; }
}
