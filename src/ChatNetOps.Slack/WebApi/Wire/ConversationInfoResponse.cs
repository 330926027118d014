namespace ChatNetOps.Slack.WebApi.Wire;

/// <summary>conversations.info answer.</summary>
internal sealed record ConversationInfoResponse : SlackApiResponse
{
    public SlackConversation? Channel { get; init; }
}
