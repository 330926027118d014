namespace ChatNetOps.Slack.Processing;

/// <summary>Where and how to answer one piece of work.</summary>
/// <param name="UseResponseUrl">Ephemeral answers go through the response_url (slash commands) rather than chat.postEphemeral.</param>
internal sealed record ReplyContext(string Channel, string UserId, string? ThreadTs, string? ResponseUrl, bool UseResponseUrl)
{
    private string? _triggerId;

    /// <summary>The interaction's trigger_id: single-use, valid for 3 seconds.</summary>
    public string? TriggerId
    {
        get => _triggerId;
        init => _triggerId = value;
    }

    /// <summary>Takes the trigger_id (at most once).</summary>
    public string? TakeTrigger() => Interlocked.Exchange(ref _triggerId, null);
}
