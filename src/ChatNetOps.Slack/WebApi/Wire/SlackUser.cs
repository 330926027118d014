namespace ChatNetOps.Slack.WebApi.Wire;

/// <summary>The parts of a Slack user we use. The email needs the <c>users:read.email</c> scope.</summary>
internal sealed record SlackUser(string Id)
{
    public string? Name { get; init; }

    public string? RealName { get; init; }

    public bool Deleted { get; init; }

    public bool IsBot { get; init; }

    /// <summary>The workspace the user belongs to (<c>team_id</c>); in a shared channel, possibly another organisation's.</summary>
    public string? TeamId { get; init; }

    /// <summary>Whether the user confirmed their email address with Slack (<c>is_email_confirmed</c>).</summary>
    public bool IsEmailConfirmed { get; init; }

    public SlackUserProfile? Profile { get; init; }
}
