namespace ChatNetOps.Slack.WebApi.Wire;

/// <summary>The parts of a Slack user we use. The email needs the <c>users:read.email</c> scope.</summary>
internal sealed record SlackUser(string Id)
{
    public string? Name { get; init; }

    public string? RealName { get; init; }

    public bool Deleted { get; init; }

    public bool IsBot { get; init; }

    public SlackUserProfile? Profile { get; init; }
}
