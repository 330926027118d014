namespace ChatNetOps.Slack.WebApi.Wire;

/// <summary>chat.postMessage / chat.update answer: where the message is.</summary>
internal sealed record MessageResponse : SlackApiResponse
{
    public string? Channel { get; init; }

    public string? Ts { get; init; }
}
