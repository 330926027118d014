namespace ChatNetOps.Azure.Cosmos;

using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Core;
using ChatNetOps.Core.Locks;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

/// <summary>
/// Device locks in the <c>locks</c> container, partitioned by device: one item per device (id = device) holding the
/// lease, and the device's session slots beside it (id = <c>{device}:slot{n}</c>). Acquire = create (409 means held);
/// take-over of an expired lease = replace with If-Match; renew = replace with If-Match; release = delete with
/// If-Match. Each item carries a per-item <c>ttl</c> (lease + <see cref="CosmosOptions.LockTtlGrace"/>) so a lock
/// abandoned by a lost process disappears even if nobody takes it over; correctness never depends on the TTL.
/// </summary>
internal sealed class CosmosDeviceLockStore(CosmosContainers containers, IOptions<CosmosOptions> options, TimeProvider time) : IDeviceLockStore
{
    private const int MaxAttempts = 32;
    private const string LockKind = "lock";
    private const string SlotKind = "slot";

    public async Task<LockAcquisition> TryAcquireAsync(DeviceLock candidate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var collection = await Locks(cancellationToken);
        var pk = new PartitionKey(candidate.Device);
        var id = CosmosIds.Escape(candidate.Device);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var created = await collection.CreateAsync("locks.create", LockDocument(candidate, now), pk, cancellationToken);
            if (created.IsSuccess)
            {
                return new LockAcquisition.Acquired(candidate with { ETag = created.ETag }, null);
            }

            var read = await collection.ReadAsync("locks.read", id, pk, cancellationToken);
            if (read.Document is not { } document)
            {
                continue; // released between our create and read: create again
            }

            var existing = ReadLock(document, read.ETag);
            if (string.Equals(existing.RequestId, candidate.RequestId, StringComparison.Ordinal))
            {
                // Our own create landed before a retried transient failure: it is ours.
                return new LockAcquisition.Acquired(existing, null);
            }

            if (!existing.IsExpired(now))
            {
                return new LockAcquisition.Held(existing);
            }

            var taken = await collection.ReplaceAsync("locks.takeOver", id, LockDocument(candidate, now), pk, existing.ETag!, cancellationToken);
            if (taken.IsSuccess)
            {
                return new LockAcquisition.Acquired(candidate with { ETag = taken.ETag }, existing);
            }
        }

        throw new InvalidOperationException(
            $"Could not settle the lock of device '{candidate.Device}' after {MaxAttempts} attempts; another process is churning it.");
    }

    public async Task<DeviceLock?> GetAsync(string device, CancellationToken cancellationToken)
    {
        var collection = await Locks(cancellationToken);
        var read = await collection.ReadAsync("locks.read", CosmosIds.Escape(device), new PartitionKey(device), cancellationToken);
        return read.Document is { } document ? ReadLock(document, read.ETag) : null;
    }

    public async Task<IReadOnlyList<DeviceLock>> ListAsync(CancellationToken cancellationToken)
    {
        var collection = await Locks(cancellationToken);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.kind = @kind").WithParameter("@kind", LockKind);
        var locks = new List<DeviceLock>();
        await foreach (var document in collection.QueryAsync("locks.list", query, null, 500, cancellationToken))
        {
            locks.Add(ReadLock(document, null));
        }

        return [.. locks.OrderBy(l => l.Device, StringComparer.Ordinal)];
    }

    public async Task<DeviceLock?> RenewAsync(DeviceLock held, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(held);
        var collection = await Locks(cancellationToken);
        var pk = new PartitionKey(held.Device);
        var id = CosmosIds.Escape(held.Device);
        var renewed = held with { LeaseUntil = leaseUntil, ETag = null };
        var etag = held.ETag;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (etag is null)
            {
                var read = await collection.ReadAsync("locks.read", id, pk, cancellationToken);
                if (read.Document is not { } document || !string.Equals(ReadLock(document, read.ETag).RequestId, held.RequestId, StringComparison.Ordinal))
                {
                    return null;
                }

                etag = read.ETag!;
            }

            var replaced = await collection.ReplaceAsync("locks.renew", id, LockDocument(renewed, time.GetUtcNow()), pk, etag, cancellationToken);
            if (replaced.IsSuccess)
            {
                return renewed with { ETag = replaced.ETag };
            }

            if (replaced.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            etag = null; // changed since we read it: still ours only if the request id matches
        }

        return null;
    }

    public async Task<bool> ReleaseAsync(string device, string requestId, CancellationToken cancellationToken)
    {
        var collection = await Locks(cancellationToken);
        var pk = new PartitionKey(device);
        var id = CosmosIds.Escape(device);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var read = await collection.ReadAsync("locks.read", id, pk, cancellationToken);
            if (read.Document is not { } document || !string.Equals(ReadLock(document, read.ETag).RequestId, requestId, StringComparison.Ordinal))
            {
                return false;
            }

            var deleted = await collection.DeleteAsync("locks.release", id, pk, read.ETag!, cancellationToken);
            if (deleted.IsSuccess)
            {
                return true;
            }

            if (deleted.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }
        }

        return false;
    }

    public async Task<SessionSlot?> TryAcquireSessionAsync(string device, int limit, string holder, DateTimeOffset leaseUntil, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var collection = await Locks(cancellationToken);
        var pk = new PartitionKey(device);
        for (var slot = 0; slot < limit; slot++)
        {
            var document = SlotDocument(new SessionSlotDocument(device, slot, holder, leaseUntil), now);
            var created = await collection.CreateAsync("slots.create", document, pk, cancellationToken);
            if (created.IsSuccess)
            {
                return new SessionSlot(device, slot, holder, leaseUntil) { ETag = created.ETag };
            }

            var read = await collection.ReadAsync("slots.read", SlotId(device, slot), pk, cancellationToken);
            if (read.Document is not { } existing)
            {
                created = await collection.CreateAsync("slots.create", document, pk, cancellationToken);
                if (created.IsSuccess)
                {
                    return new SessionSlot(device, slot, holder, leaseUntil) { ETag = created.ETag };
                }

                continue;
            }

            var current = CosmosJson.FromDocument(existing, AzureJsonContext.Default.SessionSlotDocument);
            if (current.LeaseUntil > now)
            {
                continue;
            }

            var taken = await collection.ReplaceAsync("slots.takeOver", SlotId(device, slot), document, pk, read.ETag!, cancellationToken);
            if (taken.IsSuccess)
            {
                return new SessionSlot(device, slot, holder, leaseUntil) { ETag = taken.ETag };
            }
        }

        return null;
    }

    public async Task ReleaseSessionAsync(SessionSlot slot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slot);
        var collection = await Locks(cancellationToken);
        var pk = new PartitionKey(slot.Device);
        var id = SlotId(slot.Device, slot.Slot);
        var etag = slot.ETag;
        if (etag is null)
        {
            var read = await collection.ReadAsync("slots.read", id, pk, cancellationToken);
            if (read.Document is not { } document
                || !string.Equals(CosmosJson.FromDocument(document, AzureJsonContext.Default.SessionSlotDocument).Holder, slot.Holder, StringComparison.Ordinal))
            {
                return;
            }

            etag = read.ETag!;
        }

        // 412 means the slot expired and was taken over: it is no longer ours to free.
        await collection.DeleteAsync("slots.release", id, pk, etag, cancellationToken);
    }

    private static string SlotId(string device, int slot) => $"{CosmosIds.Escape(device)}:slot{slot.ToString(CultureInfo.InvariantCulture)}";

    private static DeviceLock ReadLock(JsonElement document, string? etag) =>
        CosmosJson.FromDocument(document, CoreJsonContext.Default.DeviceLock) with { ETag = etag ?? CosmosCollection.ETagOf(document) };

    private Task<CosmosCollection> Locks(CancellationToken cancellationToken) => containers.GetAsync(CosmosContainerNames.Locks, cancellationToken);

    private JsonObject LockDocument(DeviceLock value, DateTimeOffset now)
    {
        var document = CosmosJson.ToDocument(value with { ETag = null }, CoreJsonContext.Default.DeviceLock);
        document["id"] = CosmosIds.Escape(value.Device);
        document["kind"] = LockKind;
        document["ttl"] = Ttl(value.LeaseUntil, now);
        return document;
    }

    private JsonObject SlotDocument(SessionSlotDocument value, DateTimeOffset now)
    {
        var document = CosmosJson.ToDocument(value, AzureJsonContext.Default.SessionSlotDocument);
        document["id"] = SlotId(value.Device, value.Slot);
        document["kind"] = SlotKind;
        document["ttl"] = Ttl(value.LeaseUntil, now);
        return document;
    }

    private int Ttl(DateTimeOffset leaseUntil, DateTimeOffset now)
    {
        var remaining = leaseUntil - now;
        var seconds = Math.Ceiling(Math.Max(0, remaining.TotalSeconds) + options.Value.LockTtlGrace.TotalSeconds);
        return (int)Math.Min(seconds, int.MaxValue);
    }
}
