namespace ChatNetOps.Core.Requests;

/// <summary>What became of an approve, reject or cancel.</summary>
public abstract record DecisionOutcome
{
    private DecisionOutcome()
    {
    }

    public sealed record Approved(RunRequest Request) : DecisionOutcome;

    public sealed record Rejected(RunRequest Request) : DecisionOutcome;

    public sealed record Cancelled(RunRequest Request) : DecisionOutcome;

    /// <summary>Someone else decided first (two approvals racing: one wins, the other is told who).</summary>
    public sealed record AlreadyDecided(RunRequest Request) : DecisionOutcome;

    /// <summary>The request is no longer waiting (expired, cancelled, running or finished).</summary>
    public sealed record NotPending(RunRequest Request) : DecisionOutcome;

    public sealed record Expired(RunRequest Request) : DecisionOutcome;

    /// <summary>
    /// The approval was refused and the request closed (Denied) for a reason that can never change: the change window it
    /// depends on has closed. Recorded, its device lock released; <see cref="Message"/> names the window and when it closed.
    /// </summary>
    public sealed record Closed(RunRequest Request, DenialReason Reason, string Message) : DecisionOutcome;

    public sealed record NotFound(string RequestId) : DecisionOutcome;

    /// <summary>The person may not make this decision; recorded as a denial.</summary>
    public sealed record Refused(DenialReason Reason, string Message, RunRequest? Request) : DecisionOutcome;
}
