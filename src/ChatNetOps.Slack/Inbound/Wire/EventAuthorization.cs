namespace ChatNetOps.Slack.Inbound.Wire;

/// <summary>Who the event was delivered for; <c>user_id</c> of the bot authorization is our bot user.</summary>
internal sealed record EventAuthorization
{
    public string? UserId { get; init; }

    public bool IsBot { get; init; }
}
