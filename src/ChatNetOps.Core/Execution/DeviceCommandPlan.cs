namespace ChatNetOps.Core.Execution;

using ChatNetOps.Core.Inventory;

/// <summary>
/// What a worker sends to one device: the runbook's platform templates filled with validated inputs only.
/// Built by <see cref="CommandRenderer"/>; an executor never sees chat text.
/// </summary>
public sealed record DeviceCommandPlan(
    string RequestId,
    Device Device,
    string Runbook,
    RunbookMode Mode,
    IReadOnlyList<string> Commands,
    IReadOnlyDictionary<string, string> Inputs,
    TimeSpan Timeout)
{
    /// <summary>Declared device questions keyed by the index in <see cref="Commands"/> of the command that asks them.</summary>
    public IReadOnlyDictionary<int, CommandConfirm> Confirms { get; init; } = new Dictionary<int, CommandConfirm>();
}
