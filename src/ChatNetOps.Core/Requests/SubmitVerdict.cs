namespace ChatNetOps.Core.Requests;

using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;

/// <summary>What <see cref="SubmitPolicy"/> decides about a run command, before anything is stored or recorded.</summary>
public abstract record SubmitVerdict
{
    private SubmitVerdict()
    {
    }

    /// <summary>
    /// Refused. <see cref="Actor"/> is the requester as matched in the policy (as given when unknown); the runbook, device
    /// and incident are what the refusal is recorded against.
    /// </summary>
    public sealed record Denied(DenialReason Reason, string Message, string? Needed, Actor Actor) : SubmitVerdict
    {
        public string? Runbook { get; init; }

        public string? Device { get; init; }

        public string? Incident { get; init; }

        public IReadOnlyList<InputError> InputErrors { get; init; } = [];
    }

    /// <summary>Only required inputs are missing: ask for them with a form.</summary>
    public sealed record NeedsInput(Runbook Runbook, IReadOnlyList<string> Missing, IReadOnlyDictionary<string, string> Supplied, IReadOnlyList<Device> AllowedDevices) : SubmitVerdict;

    /// <summary>
    /// Allowed: <see cref="Request"/> is the new request (status Requested, not stored yet) for <see cref="Targets"/>,
    /// asked by <see cref="Requester"/>.
    /// </summary>
    public sealed record Admitted(RunRequest Request, Runbook Runbook, IReadOnlyList<Device> Targets, Member Requester) : SubmitVerdict
    {
        /// <summary>The change window the request runs in, when its conversation is bound to one.</summary>
        public ChangeWindows.ChangeWindow? Window { get; init; }

        /// <summary>
        /// Whether the window's acknowledgement is the request's approval: a standard runbook inside an open,
        /// acknowledged window whose scope covers the device (<see cref="ChangeWindows.ChangeWindowRules.AcknowledgementApproves"/>).
        /// </summary>
        public bool ApprovedByWindow { get; init; }
    }
}
