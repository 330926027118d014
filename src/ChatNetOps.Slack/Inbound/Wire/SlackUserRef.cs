namespace ChatNetOps.Slack.Inbound.Wire;

/// <summary>The user who interacted, as Slack vouches for it.</summary>
internal sealed record SlackUserRef(string Id)
{
    public string? Username { get; init; }

    public string? Name { get; init; }

    public string? TeamId { get; init; }
}
