namespace ChatNetOps.Slack.WebApi.Wire;

/// <summary>The envelope of every Web API answer: errors come back as HTTP 200 with <c>ok: false</c> and a code.</summary>
internal record SlackApiResponse
{
    public bool Ok { get; init; }

    public string? Error { get; init; }

    public string? Warning { get; init; }
}
