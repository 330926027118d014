namespace ChatNetOps.Conversation.Rendering;

/// <summary>The denied card's data: why, what would be needed, and the correlation id of the audit record.</summary>
public sealed record DenialView(string Reason, string ReasonCode, string? Needed, string CorrelationId)
{
    public string? Runbook { get; init; }

    public string? Device { get; init; }

    public string? Incident { get; init; }

    /// <summary>The reason already says all there is to do (or there is nothing): the card has no "What would be needed" line.</summary>
    public bool OmitNeeded { get; init; }
}
