namespace ChatNetOps.Slack.WebApi.Wire;

/// <summary>apps.connections.open answer: a single-use WebSocket URL.</summary>
internal sealed record ConnectionsOpenResponse : SlackApiResponse
{
    public string? Url { get; init; }
}
