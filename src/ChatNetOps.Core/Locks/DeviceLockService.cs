namespace ChatNetOps.Core.Locks;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Requests;

/// <summary>
/// The device lock of a state-changing request after it is taken (at submit): its lease is extended while the request
/// waits in the queue or runs, and it is released, audited, when the request ends whichever way. The lock says what it
/// is held for (<see cref="LockState"/>), following the request: awaiting approval, queued, running.
/// </summary>
public sealed class DeviceLockService(IDeviceLockStore locks, RequestJournal journal)
{
    /// <summary>
    /// Extends the lock of <paramref name="request"/>'s device to <paramref name="leaseUntil"/> while the request still
    /// holds it, and records what it is held for now (the request's status: queued once approved, running once claimed).
    /// </summary>
    public async Task RenewAsync(RunRequest request, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await locks.GetAsync(request.Targets[0], cancellationToken) is { } held && string.Equals(held.RequestId, request.Id, StringComparison.Ordinal))
        {
            await locks.RenewAsync(held with { State = LockStates.Of(request.Status) ?? held.State }, leaseUntil, cancellationToken);
        }
    }

    /// <summary>Releases every device lock <paramref name="request"/> holds, each release audited as done by <paramref name="actor"/>.</summary>
    public async Task ReleaseAsync(RunRequest request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var device in request.Targets)
        {
            if (await locks.ReleaseAsync(device, request.Id, cancellationToken))
            {
                await journal.RecordAsync(AuditKind.LockReleased, actor, request, device, new Dictionary<string, string>
                {
                    ["status"] = request.Status.ToString(),
                }, cancellationToken);
            }
        }
    }
}
