namespace ChatNetOps.Slack.WebApi;

using ChatNetOps.Slack.WebApi.Wire;

/// <summary>Answers through an interaction's response_url.</summary>
internal interface IResponseUrlClient
{
    Task<SlackApiResult<SlackApiResponse>> SendAsync(Uri responseUrl, ResponseUrlMessage message, CancellationToken cancellationToken);
}
