namespace ChatNetOps.Core.Locks;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Requests;

/// <summary>
/// "Notify me when the lock is released": a watch on the lock a device has now, kept durably until the lock is gone
/// (released when its request ended whichever way, expired, or taken over), then handed out exactly once. Asking and
/// being told are audited as usage (no request, no incident), so they stay out of an incident's timeline and export.
/// </summary>
public sealed class LockWatchService(IDeviceLockStore locks, ILockWatchStore watches, IRequestStore requests, IAuditLog audit, TimeProvider time)
{
    /// <summary>Watches the lock <paramref name="device"/> has now; with <paramref name="requestId"/>, only if that request holds it.</summary>
    public async Task<LockWatchOutcome> WatchAsync(Actor watcher, ConversationRef conversation, string device, string? requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(watcher);
        ArgumentNullException.ThrowIfNull(conversation);
        var now = time.GetUtcNow();
        var held = await locks.GetAsync(device, cancellationToken);
        if (held is null || held.IsExpired(now) || (requestId is not null && !string.Equals(held.RequestId, requestId, StringComparison.Ordinal)))
        {
            return new LockWatchOutcome.NotLocked(device, requestId, held is not null && !held.IsExpired(now) ? held : null);
        }

        var watch = new LockWatch(held.Device, held.RequestId, watcher, conversation, now);
        if (!await watches.AddAsync(watch, cancellationToken))
        {
            return new LockWatchOutcome.AlreadyWatching(held);
        }

        await audit.AppendAsync(new AuditEntry(AuditKind.LockWatchRequested, watcher)
        {
            Device = held.Device,
            MessageLink = conversation.Link,
            Details = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["usage"] = "notify",
                ["heldByRequest"] = held.RequestId,
                ["conversation"] = conversation.ConversationId,
            },
        }, cancellationToken);
        return new LockWatchOutcome.Watching(held);
    }

    /// <summary>
    /// Takes every watch whose lock is gone (no lock on the device, an expired one, or another request's), each exactly
    /// once across replicas, with the watched request as it is now (null when it cannot be found).
    /// </summary>
    public async Task<IReadOnlyList<ReleasedLock>> TakeReleasedAsync(CancellationToken cancellationToken)
    {
        var pending = await watches.ListAsync(cancellationToken);
        if (pending.Count == 0)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var released = new List<ReleasedLock>();
        foreach (var device in pending.GroupBy(w => w.Device, StringComparer.Ordinal))
        {
            var current = await locks.GetAsync(device.Key, cancellationToken);
            foreach (var watch in device)
            {
                var stillHeld = current is not null && !current.IsExpired(now) && string.Equals(current.RequestId, watch.RequestId, StringComparison.Ordinal);
                if (stillHeld || !await watches.TakeAsync(watch, cancellationToken))
                {
                    continue;
                }

                var request = await requests.GetAsync(watch.RequestId, cancellationToken);
                var heldNow = current is not null && !current.IsExpired(now) ? current : null;
                released.Add(new ReleasedLock(watch, request, heldNow));
            }
        }

        return released;
    }

    /// <summary>Records that <paramref name="released"/>'s watcher was told (usage, like the watch itself).</summary>
    public Task RecordNotifiedAsync(ReleasedLock released, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(released);
        var watch = released.Watch;
        return audit.AppendAsync(new AuditEntry(AuditKind.LockWatchNotified, Actor.System)
        {
            Device = watch.Device,
            MessageLink = watch.Conversation.Link,
            Details = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["usage"] = "notify",
                ["watcher"] = watch.Watcher.ToString(),
                ["releasedRequest"] = watch.RequestId,
                ["requestStatus"] = released.Request?.Status.ToString() ?? "unknown",
                ["conversation"] = watch.Conversation.ConversationId,
            },
        }, cancellationToken);
    }
}

/// <summary>A watched lock that is gone: the watch, the request that held it (as it is now) and who holds the device now, if anyone.</summary>
public sealed record ReleasedLock(LockWatch Watch, RunRequest? Request, DeviceLock? HeldNow);

/// <summary>The answer to a watch request.</summary>
public abstract record LockWatchOutcome
{
    private LockWatchOutcome()
    {
    }

    /// <summary>The watcher will be told once when <see cref="Lock"/> is released.</summary>
    public sealed record Watching(DeviceLock Lock) : LockWatchOutcome;

    /// <summary>The same watcher already waits on this lock.</summary>
    public sealed record AlreadyWatching(DeviceLock Lock) : LockWatchOutcome;

    /// <summary>There is nothing to wait for: the device is free (or held by another request than the one named, <see cref="HeldBy"/>).</summary>
    public sealed record NotLocked(string Device, string? RequestId, DeviceLock? HeldBy) : LockWatchOutcome;
}
