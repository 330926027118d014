namespace ChatNetOps.Slack.WebApi;

using ChatNetOps.Slack.WebApi.Wire;

internal sealed class ConversationsApi(SlackApiClient client) : IConversationsApi
{
    public Task<SlackApiResult<ConversationInfoResponse>> InfoAsync(string channel, CancellationToken cancellationToken) =>
        client.PostFormAsync(
            SlackMethods.ConversationsInfo,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["channel"] = channel },
            SlackJsonContext.Default.ConversationInfoResponse,
            token: null,
            cancellationToken);
}
