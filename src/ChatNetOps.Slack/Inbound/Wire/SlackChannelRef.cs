namespace ChatNetOps.Slack.Inbound.Wire;

/// <summary>The conversation an interaction happened in.</summary>
internal sealed record SlackChannelRef(string Id)
{
    public string? Name { get; init; }
}
