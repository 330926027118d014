namespace ChatNetOps.Slack.Inbound;

using ChatNetOps.Slack.Inbound.Wire;

/// <summary>The immediate answer to a Slack event or interaction, decided inside Slack's 3 seconds.</summary>
internal abstract record SlackAck
{
    private SlackAck()
    {
    }

    /// <summary>200 with an empty body: queued durably once, a repeat dropped, or nothing to do.</summary>
    public sealed record Accepted : SlackAck
    {
        public static Accepted Instance { get; } = new();
    }

    /// <summary>A slash command was queued: 200 with the ephemeral "working on it" answer.</summary>
    public sealed record Working(SlashCommandResponse Response) : SlackAck;

    /// <summary>The Events API URL check (only ever answered after the signature passed): 200 with the challenge.</summary>
    public sealed record Challenge(string Value) : SlackAck;

    /// <summary>A modal's input failed the card's checks: 200 with <c>response_action: errors</c>, so the modal stays open.</summary>
    public sealed record Invalid(ViewSubmissionErrors Errors) : SlackAck;

    /// <summary>
    /// The shared chat state store could not be consulted, or the work queue failed, so nothing was queued: 503 (over
    /// Socket Mode, no ack). Slack retries an event later; for an interaction or a command Slack shows the user an error
    /// and they can try again. Never processed twice: a payload is queued only after its key is recorded.
    /// </summary>
    public sealed record Unavailable : SlackAck
    {
        public static Unavailable Instance { get; } = new();
    }
}
