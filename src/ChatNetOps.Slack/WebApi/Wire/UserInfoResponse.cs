namespace ChatNetOps.Slack.WebApi.Wire;

/// <summary>users.info answer.</summary>
internal sealed record UserInfoResponse : SlackApiResponse
{
    public SlackUser? User { get; init; }
}
