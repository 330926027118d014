namespace ChatNetOps.Slack.Processing;

/// <summary>
/// The shared chat state store (<see cref="Core.Channels.IChatStateStore"/>) could not be consulted: whether a payload
/// was already accepted, or what form a button opens, is unknown. On Slack's acknowledgement path this becomes a 503,
/// so Slack retries later (or the user presses again) instead of the payload being processed twice.
/// </summary>
internal sealed class ChatStateUnavailableException : Exception
{
    public ChatStateUnavailableException()
    {
    }

    public ChatStateUnavailableException(string message)
        : base(message)
    {
    }

    public ChatStateUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
