namespace ChatNetOps.Slack.WebApi;

using ChatNetOps.Slack.WebApi.Wire;

internal sealed class UsersApi(SlackApiClient client) : IUsersApi
{
    public Task<SlackApiResult<UserInfoResponse>> InfoAsync(string userId, CancellationToken cancellationToken) =>
        client.PostFormAsync(
            SlackMethods.UsersInfo,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["user"] = userId },
            SlackJsonContext.Default.UserInfoResponse,
            token: null,
            cancellationToken);
}
