namespace ChatNetOps.Slack.WebApi.Wire;

/// <summary>users.info <c>user.profile</c>.</summary>
internal sealed record SlackUserProfile
{
    public string? Email { get; init; }

    public string? DisplayName { get; init; }

    public string? RealName { get; init; }
}
