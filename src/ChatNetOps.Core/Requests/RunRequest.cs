namespace ChatNetOps.Core.Requests;

using ChatNetOps.Core.Inventory;

/// <summary>A request to run a runbook, through its whole lifecycle. Every change is a conditional write on <see cref="ETag"/>.</summary>
public sealed record RunRequest(
    string Id,
    string Runbook,
    string RunbookVersion,
    RunbookMode Mode,
    IReadOnlyDictionary<string, string> Inputs,
    IReadOnlyList<string> Targets,
    Actor Requester,
    ConversationRef Origin,
    string? Incident,
    RequestStatus Status,
    DateTimeOffset CreatedAt)
{
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When an AwaitingApproval request expires.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public Decision? Decision { get; init; }

    /// <summary>Hash of runbook version, inputs and targets computed when the request was made.</summary>
    public required string ApprovalHash { get; init; }

    public string? Worker { get; init; }

    public DateTimeOffset? LeaseUntil { get; init; }

    public ExecutionSummary? Result { get; init; }

    public string? StatusReason { get; init; }

    /// <summary>The change window the request was made in (its conversation was bound to it), if any.</summary>
    public string? ChangeWindow { get; init; }

    /// <summary>Trace context (W3C traceparent) so the chat command and the device run share one trace.</summary>
    public string? TraceParent { get; init; }

    /// <summary>Concurrency token assigned by the store; null before the first write.</summary>
    public string? ETag { get; init; }

    /// <summary>The pre-check as it ran when the change was requested (<c>pre_check:</c>); null when the runbook has none.</summary>
    public Checks.CheckResult? PreCheck { get; init; }

    /// <summary>The post-check as it ran right after the change, under its lock (<c>post_check:</c>).</summary>
    public Checks.CheckResult? PostCheck { get; init; }

    /// <summary>The request this one rolls back (its <c>rollback_runbook:</c>); its approval is a rollback confirmation.</summary>
    public string? RollbackOf { get; init; }

    public bool IsStateChanging => Mode == RunbookMode.StateChanging;
}
