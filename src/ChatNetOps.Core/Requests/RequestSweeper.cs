namespace ChatNetOps.Core.Requests;

using System.Globalization;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Locks;

/// <summary>
/// Ends requests that time ran out on: approvals past their deadline become Expired, and runs whose worker stopped
/// renewing its lease become Interrupted (never re-run automatically). Both free the device lock.
/// </summary>
public sealed class RequestSweeper(IRequestStore requests, DeviceLockService locks, RequestJournal journal, TimeProvider time)
{
    private const int MaxPerSweep = 500;

    /// <summary>One pass over waiting approvals and running requests. Returns the requests it changed.</summary>
    public async Task<IReadOnlyList<RunRequest>> SweepAsync(CancellationToken cancellationToken)
    {
        var changed = new List<RunRequest>();
        var now = time.GetUtcNow();
        foreach (var pending in await requests.ListByStatusAsync(RequestStatus.AwaitingApproval, MaxPerSweep, cancellationToken))
        {
            if (pending.ExpiresAt is { } at && now >= at && await ExpireAsync(pending.Id, cancellationToken) is { } expired)
            {
                changed.Add(expired);
            }
        }

        // A change whose pre-check no worker ran before its deadline expires the same way (its lock lease ends then too).
        foreach (var checking in await requests.ListByStatusAsync(RequestStatus.Requested, MaxPerSweep, cancellationToken))
        {
            if (checking.ExpiresAt is { } at && now >= at && await ExpireAsync(checking.Id, cancellationToken) is { } expired)
            {
                changed.Add(expired);
            }
        }

        foreach (var running in await requests.ListByStatusAsync(RequestStatus.Running, MaxPerSweep, cancellationToken))
        {
            if (running.LeaseUntil is { } until && now >= until && await InterruptAsync(running.Id, cancellationToken) is { } interrupted)
            {
                changed.Add(interrupted);
            }
        }

        return changed;
    }

    /// <summary>AwaitingApproval → Expired once its deadline has passed; null when it is not (any more) waiting past it.</summary>
    public async Task<RunRequest?> ExpireAsync(string requestId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expired = await requests.UpdateAsync(requestId, r => r is { Status: RequestStatus.AwaitingApproval or RequestStatus.Requested, ExpiresAt: { } at } && now >= at
            ? r with { Status = RequestStatus.Expired, UpdatedAt = now, StatusReason = $"no approval before {at:O}" }
            : null, cancellationToken);
        if (expired is null)
        {
            return null;
        }

        await journal.RecordAsync(AuditKind.Expired, Actor.System, expired, expired.Targets[0], new Dictionary<string, string>
        {
            ["expiresAt"] = expired.ExpiresAt?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty,
        }, cancellationToken);
        await locks.ReleaseAsync(expired, Actor.System, cancellationToken);
        await journal.AnnounceAsync(expired, cancellationToken);
        return expired;
    }

    /// <summary>Running → Interrupted when its lease ran out; null when the worker renewed it meanwhile or the run ended.</summary>
    private async Task<RunRequest?> InterruptAsync(string requestId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var interrupted = await requests.UpdateAsync(requestId, r => r is { Status: RequestStatus.Running, LeaseUntil: { } until } && now >= until
            ? r with
            {
                Status = RequestStatus.Interrupted,
                UpdatedAt = now,
                StatusReason = $"worker {r.Worker} stopped renewing its lease at {until:O}; not re-run automatically",
            }
            : null, cancellationToken);
        if (interrupted is null)
        {
            return null;
        }

        await journal.RecordAsync(AuditKind.Interrupted, Actor.System, interrupted, RequestJournal.SingleTarget(interrupted), new Dictionary<string, string>
        {
            ["worker"] = interrupted.Worker ?? string.Empty,
            ["leaseUntil"] = interrupted.LeaseUntil?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty,
        }, cancellationToken);
        if (interrupted.IsStateChanging)
        {
            await locks.ReleaseAsync(interrupted, Actor.System, cancellationToken);
        }

        await journal.AnnounceAsync(interrupted, cancellationToken);
        return interrupted;
    }
}
