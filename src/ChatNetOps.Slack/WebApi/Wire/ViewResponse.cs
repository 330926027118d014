namespace ChatNetOps.Slack.WebApi.Wire;

/// <summary>views.open answer.</summary>
internal sealed record ViewResponse : SlackApiResponse
{
    public ViewInfo? View { get; init; }
}
