namespace ChatNetOps.Azure.Cosmos;

using System.Net;
using System.Text.Json.Nodes;
using ChatNetOps.Core;
using ChatNetOps.Core.Locks;
using Microsoft.Azure.Cosmos;

/// <summary>
/// Lock watches in the <c>locks</c> container beside the device's lock (partition = device), one item per (device,
/// request, watcher) with id <c>{device}:watch:{request}:{watcher}</c> and kind <c>watch</c>. Add = create (409 means the
/// same watch exists); take = read, then delete with If-Match, so of racing sweeps exactly one deletes and notifies.
/// Each item carries a <c>ttl</c> of <see cref="Retention"/> so a watch nobody sweeps does not stay forever.
/// </summary>
internal sealed class CosmosLockWatchStore(CosmosContainers containers) : ILockWatchStore
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    private const string WatchKind = "watch";

    public async Task<bool> AddAsync(LockWatch watch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(watch);
        var collection = await Locks(cancellationToken);
        var document = CosmosJson.ToDocument(watch, CoreJsonContext.Default.LockWatch);
        document["id"] = Id(watch);
        document["kind"] = WatchKind;
        document["ttl"] = (int)Retention.TotalSeconds;
        var created = await collection.CreateAsync("watches.create", document, new PartitionKey(watch.Device), cancellationToken);
        if (created.IsSuccess)
        {
            return true;
        }

        return created.StatusCode == HttpStatusCode.Conflict ? false : throw new InvalidOperationException($"Could not store the lock watch on '{watch.Device}' ({(int)created.StatusCode}).");
    }

    public async Task<IReadOnlyList<LockWatch>> ListAsync(CancellationToken cancellationToken)
    {
        var collection = await Locks(cancellationToken);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.kind = @kind").WithParameter("@kind", WatchKind);
        var watches = new List<LockWatch>();
        await foreach (var document in collection.QueryAsync("watches.list", query, null, 500, cancellationToken))
        {
            watches.Add(CosmosJson.FromDocument(document, CoreJsonContext.Default.LockWatch));
        }

        return [.. watches.OrderBy(w => w.CreatedAt).ThenBy(w => w.Device, StringComparer.Ordinal).ThenBy(w => w.WatcherKey, StringComparer.Ordinal)];
    }

    public async Task<bool> TakeAsync(LockWatch watch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(watch);
        var collection = await Locks(cancellationToken);
        var pk = new PartitionKey(watch.Device);
        var read = await collection.ReadAsync("watches.read", Id(watch), pk, cancellationToken);
        if (read.Document is null || read.ETag is null)
        {
            return false;
        }

        var deleted = await collection.DeleteAsync("watches.take", Id(watch), pk, read.ETag, cancellationToken);
        return deleted.IsSuccess;
    }

    private static string Id(LockWatch watch) =>
        $"{CosmosIds.Escape(watch.Device)}:watch:{CosmosIds.Escape(watch.RequestId)}:{CosmosIds.Escape(watch.WatcherKey)}";

    private Task<CosmosCollection> Locks(CancellationToken cancellationToken) => containers.GetAsync(CosmosContainerNames.Locks, cancellationToken);
}
