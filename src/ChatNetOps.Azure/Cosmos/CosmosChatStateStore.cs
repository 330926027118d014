namespace ChatNetOps.Azure.Cosmos;

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Core.Channels;
using Microsoft.Azure.Cosmos;

/// <summary>
/// Chat state in the <c>chatstate</c> container, one item per key, partitioned by id. The id is the SHA-256 of the key
/// in hex (keys can be longer than the 255 characters an item id allows and carry characters ids may not). An add is a
/// create (409 ⇒ someone has the key); an item whose own <c>expiresAt</c> has passed is taken over with a replace
/// If-Match its ETag, so of racing callers exactly one wins (412 ⇒ someone else took it over first). Each item also
/// carries a per-item <c>ttl</c> (the container's defaultTtl is -1) a little beyond its expiry, so Cosmos deletes what
/// nobody takes over; correctness never depends on the TTL.
/// </summary>
internal sealed class CosmosChatStateStore(CosmosContainers containers, TimeProvider time) : IChatStateStore
{
    /// <summary>How long an item outlives its expiry before Cosmos deletes it: covers clock differences between replicas and Cosmos.</summary>
    internal static readonly TimeSpan TtlGrace = TimeSpan.FromMinutes(10);

    private const int MaxAttempts = 16;

    public async Task<bool> TryAddAsync(string key, string value, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        var id = IdOf(key);
        var pk = new PartitionKey(id);
        var writer = Guid.NewGuid().ToString("N");
        var collection = await ChatState(cancellationToken);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var document = Document(id, new ChatStateDocument(key, value, expiresAt, writer));
            var created = await collection.CreateAsync("chatstate.create", document, pk, cancellationToken);
            if (created.IsSuccess)
            {
                return true;
            }

            var read = await collection.ReadAsync("chatstate.read", id, pk, cancellationToken);
            if (read.Document is not { } existing)
            {
                continue; // deleted (TTL) between our create and read: create again
            }

            var current = CosmosJson.FromDocument(existing, AzureJsonContext.Default.ChatStateDocument);
            if (string.Equals(current.Writer, writer, StringComparison.Ordinal))
            {
                return true; // our own create (or take-over) landed before a retried transient failure
            }

            if (current.ExpiresAt > time.GetUtcNow())
            {
                return false;
            }

            var taken = await collection.ReplaceAsync("chatstate.takeOver", id, document, pk, read.ETag!, cancellationToken);
            if (taken.IsSuccess)
            {
                return true;
            }

            // 412: another caller took the expired item over first; 404: TTL deleted it. Look again.
        }

        throw new InvalidOperationException(
            $"Could not settle chat state key '{id}' after {MaxAttempts} attempts; another process is churning it.");
    }

    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var id = IdOf(key);
        var collection = await ChatState(cancellationToken);
        var read = await collection.ReadAsync("chatstate.read", id, new PartitionKey(id), cancellationToken);
        if (read.Document is not { } document)
        {
            return null;
        }

        var entry = CosmosJson.FromDocument(document, AzureJsonContext.Default.ChatStateDocument);
        return entry.ExpiresAt > time.GetUtcNow() ? entry.Value : null;
    }

    internal static string IdOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private Task<CosmosCollection> ChatState(CancellationToken cancellationToken) => containers.GetAsync(CosmosContainerNames.ChatState, cancellationToken);

    private JsonObject Document(string id, ChatStateDocument entry)
    {
        var document = CosmosJson.ToDocument(entry, AzureJsonContext.Default.ChatStateDocument);
        document["id"] = id;
        var remaining = entry.ExpiresAt - time.GetUtcNow();
        document["ttl"] = (int)Math.Min(Math.Ceiling(Math.Max(0, remaining.TotalSeconds) + TtlGrace.TotalSeconds), int.MaxValue);
        return document;
    }
}
