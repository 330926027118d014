namespace ChatNetOps.Slack.WebApi.Wire;

/// <summary>The parts of a conversation we use.</summary>
internal sealed record SlackConversation(string Id)
{
    public string? Name { get; init; }

    public bool IsIm { get; init; }

    public bool IsMpim { get; init; }

    public bool IsPrivate { get; init; }

    public bool IsChannel { get; init; }
}
