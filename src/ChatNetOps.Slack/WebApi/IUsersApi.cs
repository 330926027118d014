namespace ChatNetOps.Slack.WebApi;

using ChatNetOps.Slack.WebApi.Wire;

/// <summary>users.* methods.</summary>
internal interface IUsersApi
{
    Task<SlackApiResult<UserInfoResponse>> InfoAsync(string userId, CancellationToken cancellationToken);
}
