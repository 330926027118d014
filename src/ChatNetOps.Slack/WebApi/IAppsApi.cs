namespace ChatNetOps.Slack.WebApi;

using ChatNetOps.Slack.WebApi.Wire;

/// <summary>apps.* methods (app-level token).</summary>
internal interface IAppsApi
{
    Task<SlackApiResult<ConnectionsOpenResponse>> OpenConnectionAsync(string appToken, CancellationToken cancellationToken);
}
