namespace ChatNetOps.Slack.Inbound.Wire;

/// <summary>The <c>payload</c> form field of an interactivity request (block_actions, view_submission…).</summary>
internal sealed record InteractionPayload(string Type)
{
    public const string BlockActions = "block_actions";
    public const string ViewSubmission = "view_submission";
    public const string ViewClosed = "view_closed";

    public SlackUserRef? User { get; init; }

    public SlackTeamRef? Team { get; init; }

    public string? ApiAppId { get; init; }

    public string? TriggerId { get; init; }

    public string? ResponseUrl { get; init; }

    public InteractionContainer? Container { get; init; }

    public SlackChannelRef? Channel { get; init; }

    public InteractionMessage? Message { get; init; }

    public InteractionView? View { get; init; }

    public IReadOnlyList<InteractionAction>? Actions { get; init; }
}
