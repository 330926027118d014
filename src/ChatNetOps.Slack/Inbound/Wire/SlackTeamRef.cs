namespace ChatNetOps.Slack.Inbound.Wire;

/// <summary>The workspace.</summary>
internal sealed record SlackTeamRef(string Id)
{
    public string? Domain { get; init; }
}
