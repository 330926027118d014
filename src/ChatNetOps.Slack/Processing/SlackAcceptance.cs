namespace ChatNetOps.Slack.Processing;

/// <summary>What became of a payload on the ack path (<see cref="SlackWorkInbox.AcceptAsync"/>).</summary>
internal enum SlackAcceptance
{
    /// <summary>Queued durably: answer Slack now; any replica processes it.</summary>
    Queued,

    /// <summary>Seen before (a retry or replay): answer without queueing it again.</summary>
    Repeat,

    /// <summary>The chat state store or the queue failed; nothing was queued: answer 503 (no Socket Mode ack) so Slack retries.</summary>
    Unavailable,
}
