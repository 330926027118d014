namespace ChatNetOps.Slack.Inbound;

using ChatNetOps.Slack.Inbound.Wire;

/// <summary>The immediate answer to an interaction: nothing (200, empty), or errors that keep a modal open.</summary>
internal sealed record InteractionAck(ViewSubmissionErrors? Errors)
{
    public static InteractionAck Empty { get; } = new((ViewSubmissionErrors?)null);
}
