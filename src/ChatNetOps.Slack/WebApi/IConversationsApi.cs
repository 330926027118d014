namespace ChatNetOps.Slack.WebApi;

using ChatNetOps.Slack.WebApi.Wire;

/// <summary>conversations.* methods.</summary>
internal interface IConversationsApi
{
    Task<SlackApiResult<ConversationInfoResponse>> InfoAsync(string channel, CancellationToken cancellationToken);
}
