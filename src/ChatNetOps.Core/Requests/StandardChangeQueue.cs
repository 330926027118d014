namespace ChatNetOps.Core.Requests;

using System.Globalization;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.ChangeWindows;
using ChatNetOps.Core.Locks;
using Microsoft.Extensions.Options;

/// <summary>
/// A standard change inside an open, acknowledged window that covers its device: the window's acknowledgement is its
/// approval, recorded as such (decision kind <see cref="DecisionKind.ChangeWindowAcknowledgement"/>, the window, who
/// acknowledged it and when), and it is queued without a per-run second engineer. Used at submit time and, for a
/// runbook with a pre-check (mandatory for standard runs), by the worker once that pre-check passed.
/// </summary>
public sealed class StandardChangeQueue(RequestJournal journal, DeviceLockService locks, IOptions<RequestOptions> options)
{
    /// <summary>The decision a standard run of <paramref name="request"/> gets from <paramref name="window"/>'s acknowledgement.</summary>
    public static Decision DecisionOf(ChangeWindow window, RunRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(request);
        var acknowledgement = window.Acknowledgement ?? throw new InvalidOperationException($"{window.Id} is not acknowledged; it approves nothing.");
        return new Decision(acknowledgement.By, now, true, $"standard change inside {window.Id}", request.ApprovalHash) { Kind = DecisionKind.ChangeWindowAcknowledgement };
    }

    /// <summary>
    /// Records the approval of <paramref name="queued"/> (already stored Queued with <see cref="DecisionOf"/>), extends its
    /// device lock for the queue, and hands its job to the workers.
    /// </summary>
    public async Task RecordAndQueueAsync(RunRequest queued, ChangeWindow window, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queued);
        ArgumentNullException.ThrowIfNull(window);
        var acknowledgement = window.Acknowledgement!;
        var decision = queued.Decision!;
        await journal.RecordAsync(AuditKind.Approved, acknowledgement.By, queued, queued.Targets[0], new Dictionary<string, string>
        {
            ["approvalHash"] = decision.ApprovalHash,
            ["requester"] = queued.Requester.ToString(),
            ["decisionKind"] = nameof(DecisionKind.ChangeWindowAcknowledgement),
            ["changeWindow"] = window.Id,
            ["changeWindowHash"] = window.IsStanding ? "standing" : window.Hash,
            ["acknowledgedAt"] = acknowledgement.At.ToString("O", CultureInfo.InvariantCulture),
            ["standard"] = "true",
        }, cancellationToken);
        await locks.RenewAsync(queued, now + options.Value.QueuedLockLease, cancellationToken);
        await journal.QueueAsync(queued, acknowledgement.By, cancellationToken);
    }
}
