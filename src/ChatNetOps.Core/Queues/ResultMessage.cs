namespace ChatNetOps.Core.Queues;

using ChatNetOps.Core.Requests;

/// <summary>Tells the bot that something about a request changed, so it can update the chat.</summary>
public sealed record ResultMessage(string MessageId, string RequestId, ResultKind Kind, RequestStatus Status, DateTimeOffset At, string? TraceParent)
{
    public string? Device { get; init; }
}
