namespace ChatNetOps.Azure.Cosmos;

using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Core.ChangeRecords;
using Microsoft.Azure.Cosmos;

/// <summary>
/// The change-record outbox and the incident ↔ ticket mapping in the <c>changerecords</c> container, partitioned by
/// incident, so one incident's queue and its link live in one logical partition. Outbox item id =
/// <c>out|{sink}|{sequence:D10}</c> (a create that answers 409 means it is queued already); link id = <c>link|{sink}</c>.
/// Replaces are conditional on the item's ETag.
/// </summary>
internal sealed class CosmosChangeRecordStore(CosmosContainers containers) : IChangeRecordStore
{
    private const string OutboxType = "outbox";
    private const string LinkType = "link";

    public async Task<bool> TryEnqueueAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var collection = await Collection(cancellationToken);
        var result = await collection.CreateAsync("changes.enqueue", ToDocument(entry), new PartitionKey(entry.Incident), cancellationToken);
        return result.IsSuccess;
    }

    public async Task<OutboxEntry?> GetAsync(string sink, string incident, long sequence, CancellationToken cancellationToken)
    {
        var collection = await Collection(cancellationToken);
        var result = await collection.ReadAsync("changes.read", EntryId(sink, sequence), new PartitionKey(incident), cancellationToken);
        return result.Document is { } document ? FromEntry(document, result.ETag) : null;
    }

    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(OutboxState state, int max, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.type = @type AND c.state = @state")
            .WithParameter("@type", OutboxType)
            .WithParameter("@state", state.ToString());
        var entries = await QueryEntriesAsync("changes.list", query, null, cancellationToken);
        return [.. entries.OrderBy(e => e.Incident, StringComparer.Ordinal).ThenBy(e => e.Sink, StringComparer.Ordinal).ThenBy(e => e.Sequence).Take(max)];
    }

    public async Task<IReadOnlyList<OutboxEntry>> ListByIncidentAsync(string incident, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.type = @type").WithParameter("@type", OutboxType);
        var entries = await QueryEntriesAsync("changes.byIncident", query, new PartitionKey(incident), cancellationToken);
        return [.. entries.OrderBy(e => e.Sink, StringComparer.Ordinal).ThenBy(e => e.Sequence)];
    }

    public async Task<OutboxEntry?> TryReplaceAsync(OutboxEntry updated, string expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        if (string.IsNullOrEmpty(expectedETag))
        {
            return null;
        }

        var collection = await Collection(cancellationToken);
        var result = await collection.ReplaceAsync("changes.replace", EntryId(updated.Sink, updated.Sequence), ToDocument(updated), new PartitionKey(updated.Incident), expectedETag, cancellationToken);
        return result.IsSuccess ? updated with { ETag = result.ETag } : null;
    }

    public async Task<ChangeRecordLink?> GetLinkAsync(string sink, string incident, CancellationToken cancellationToken)
    {
        var collection = await Collection(cancellationToken);
        var result = await collection.ReadAsync("changes.readLink", LinkId(sink), new PartitionKey(incident), cancellationToken);
        return result.Document is { } document ? FromLink(document, result.ETag) : null;
    }

    public async Task<ChangeRecordLink?> TrySaveLinkAsync(ChangeRecordLink link, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        var collection = await Collection(cancellationToken);
        var pk = new PartitionKey(link.Incident);
        if (expectedETag is null)
        {
            var created = await collection.CreateAsync("changes.createLink", ToDocument(link), pk, cancellationToken);
            return created.StatusCode == HttpStatusCode.Conflict || !created.IsSuccess ? null : link with { ETag = created.ETag };
        }

        var replaced = await collection.ReplaceAsync("changes.replaceLink", LinkId(link.Sink), ToDocument(link), pk, expectedETag, cancellationToken);
        return replaced.IsSuccess ? link with { ETag = replaced.ETag } : null;
    }

    public async Task<IReadOnlyList<ChangeRecordLink>> ListLinksAsync(string incident, CancellationToken cancellationToken)
    {
        var collection = await Collection(cancellationToken);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.type = @type").WithParameter("@type", LinkType);
        var links = new List<ChangeRecordLink>();
        await foreach (var document in collection.QueryAsync("changes.links", query, new PartitionKey(incident), 100, cancellationToken))
        {
            links.Add(FromLink(document, null));
        }

        return [.. links.OrderBy(l => l.Sink, StringComparer.Ordinal)];
    }

    private static string EntryId(string sink, long sequence) => $"out|{sink}|{sequence.ToString("D10", CultureInfo.InvariantCulture)}";

    private static string LinkId(string sink) => $"link|{sink}";

    private static JsonObject ToDocument(OutboxEntry entry)
    {
        var document = CosmosJson.ToDocument(entry with { ETag = null }, ChangeRecordJsonContext.Default.OutboxEntry);
        document["id"] = EntryId(entry.Sink, entry.Sequence);
        document["type"] = OutboxType;
        document["incident"] = entry.Incident;
        document["sequence"] = entry.Sequence;
        return document;
    }

    private static JsonObject ToDocument(ChangeRecordLink link)
    {
        var document = CosmosJson.ToDocument(link with { ETag = null }, ChangeRecordJsonContext.Default.ChangeRecordLink);
        document["id"] = LinkId(link.Sink);
        document["type"] = LinkType;
        return document;
    }

    private static OutboxEntry FromEntry(JsonElement document, string? etag) =>
        CosmosJson.FromDocument(document, ChangeRecordJsonContext.Default.OutboxEntry) with { ETag = etag ?? CosmosCollection.ETagOf(document) };

    private static ChangeRecordLink FromLink(JsonElement document, string? etag) =>
        CosmosJson.FromDocument(document, ChangeRecordJsonContext.Default.ChangeRecordLink) with { ETag = etag ?? CosmosCollection.ETagOf(document) };

    private Task<CosmosCollection> Collection(CancellationToken cancellationToken) => containers.GetAsync(CosmosContainerNames.ChangeRecords, cancellationToken);

    private async Task<List<OutboxEntry>> QueryEntriesAsync(string operation, QueryDefinition query, PartitionKey? partitionKey, CancellationToken cancellationToken)
    {
        var collection = await Collection(cancellationToken);
        var entries = new List<OutboxEntry>();
        await foreach (var document in collection.QueryAsync(operation, query, partitionKey, 1000, cancellationToken))
        {
            entries.Add(FromEntry(document, null));
        }

        return entries;
    }
}
