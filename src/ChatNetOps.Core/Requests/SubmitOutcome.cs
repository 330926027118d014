namespace ChatNetOps.Core.Requests;

using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Locks;
using ChatNetOps.Core.Policy;

/// <summary>What became of a <see cref="RunCommand"/>. Every case except <see cref="NeedsInput"/> is in the audit trail.</summary>
public abstract record SubmitOutcome
{
    private SubmitOutcome()
    {
    }

    /// <summary>Read-only and allowed: queued for a worker.</summary>
    public sealed record Queued(RunRequest Request) : SubmitOutcome;

    /// <summary>State-changing: waiting for a second engineer; the device lock is held.</summary>
    public sealed record AwaitingApproval(RunRequest Request, IReadOnlyList<Member> Approvers) : SubmitOutcome;

    /// <summary>
    /// State-changing with a <c>pre_check:</c>: the device lock is held and a worker is looking at the device first; the
    /// request waits for approval once the check passes (or is advisory), and is refused with the evidence otherwise.
    /// </summary>
    public sealed record PreChecking(RunRequest Request) : SubmitOutcome;

    /// <summary>Required inputs are missing: ask for them with a form. Nothing was recorded or run.</summary>
    public sealed record NeedsInput(Runbook Runbook, IReadOnlyList<string> Missing, IReadOnlyDictionary<string, string> Supplied, IReadOnlyList<Device> AllowedDevices) : SubmitOutcome;

    /// <summary>Refused at request time. <see cref="Needed"/> says what would make it allowed.</summary>
    public sealed record Denied(DenialReason Reason, string Message, string? Needed) : SubmitOutcome
    {
        public IReadOnlyList<InputError> InputErrors { get; init; } = [];
    }

    /// <summary>Another state-changing request holds the device.</summary>
    public sealed record DeviceLocked(DeviceLock Holder) : SubmitOutcome;
}
