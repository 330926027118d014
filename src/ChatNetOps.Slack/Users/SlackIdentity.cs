namespace ChatNetOps.Slack.Users;

using ChatNetOps.Core.Policy;

/// <summary>A Slack user as far as we know them: the policy member (if any), a name to show and the email when looked up.</summary>
internal sealed record SlackIdentity(string UserId, string DisplayName, string? Email, Member? Member);
