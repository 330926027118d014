namespace ChatNetOps.Slack.Inbound.Wire;

/// <summary>The inner event: <c>app_mention</c> or <c>message</c> (channel_type <c>im</c>).</summary>
internal sealed record SlackEvent(string Type)
{
    public const string AppMention = "app_mention";
    public const string Message = "message";

    public string? User { get; init; }

    public string? Text { get; init; }

    public string? Channel { get; init; }

    public string? ChannelType { get; init; }

    public string? Ts { get; init; }

    public string? ThreadTs { get; init; }

    public string? BotId { get; init; }

    public string? Subtype { get; init; }
}
