namespace ChatNetOps.Slack.WebApi;

using ChatNetOps.Slack.WebApi.Wire;

internal sealed class AppsApi(SlackApiClient client) : IAppsApi
{
    public Task<SlackApiResult<ConnectionsOpenResponse>> OpenConnectionAsync(string appToken, CancellationToken cancellationToken) =>
        client.PostFormAsync(
            SlackMethods.ConnectionsOpen,
            new Dictionary<string, string>(StringComparer.Ordinal),
            SlackJsonContext.Default.ConnectionsOpenResponse,
            appToken,
            cancellationToken);
}
