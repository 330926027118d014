namespace ChatNetOps.Core.Checks;

using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;

/// <summary>
/// How a finished change reads once its post-check ran: <c>Succeeded</c> (no post-check), <c>Succeeded — verified</c>
/// (the post-check held) or <c>Completed with regressions</c> (it did not), and whether its rollback is offered.
/// </summary>
public static class ChangeOutcome
{
    public const string Succeeded = "Succeeded";

    public const string Verified = "Succeeded — verified";

    public const string Regressions = "Completed with regressions";

    /// <summary>The verdict of a succeeded run; null for any other status.</summary>
    public static string? Label(RunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Status != RequestStatus.Succeeded)
        {
            return null;
        }

        return request.PostCheck switch
        {
            null => Succeeded,
            { Passed: true } => Verified,
            _ => Regressions,
        };
    }

    /// <summary>Whether the change left a regression behind: its post-check failed.</summary>
    public static bool HasRegressions(RunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request is { Status: RequestStatus.Succeeded, PostCheck.Passed: false };
    }

    /// <summary>
    /// Whether "Roll back" is offered: the runbook declares a rollback runbook, and the change failed, timed out, was
    /// interrupted after it started, or completed with regressions.
    /// </summary>
    public static bool OffersRollback(RunRequest request, Runbook? runbook)
    {
        ArgumentNullException.ThrowIfNull(request);
        return runbook?.RollbackRunbook is not null
            && request.IsStateChanging
            && (HasRegressions(request) || request is { Status: RequestStatus.Failed or RequestStatus.TimedOut or RequestStatus.Interrupted, Result: not null });
    }
}
