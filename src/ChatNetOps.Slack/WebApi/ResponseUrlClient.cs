namespace ChatNetOps.Slack.WebApi;

using ChatNetOps.Slack.WebApi.Wire;

internal sealed class ResponseUrlClient(SlackApiClient client) : IResponseUrlClient
{
    public Task<SlackApiResult<SlackApiResponse>> SendAsync(Uri responseUrl, ResponseUrlMessage message, CancellationToken cancellationToken) =>
        client.PostResponseUrlAsync(responseUrl, message, cancellationToken);
}
