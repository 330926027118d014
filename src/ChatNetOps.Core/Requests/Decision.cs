namespace ChatNetOps.Core.Requests;

/// <summary>An approval or rejection, with the hash of what was approved.</summary>
/// <param name="ApprovalHash">SHA-256 over runbook version, inputs and targets at decision time; the worker re-checks it.</param>
public sealed record Decision(Actor By, DateTimeOffset At, bool Approved, string? Reason, string ApprovalHash)
{
    /// <summary>What was decided; every kind is one decision record under the same <see cref="DecisionRules"/>.</summary>
    public DecisionKind Kind { get; init; } = DecisionKind.RunbookRun;
}
