namespace ChatNetOps.Azure.Cosmos;

using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using ChatNetOps.Core;
using ChatNetOps.Core.Audit;
using Microsoft.Azure.Cosmos;

/// <summary>
/// Audit events in the <c>audit</c> container, partitioned by the audit partition (incident id, or <c>day-yyyy-MM-dd</c>),
/// so a chain is read, verified and appended inside one logical partition. Item id = <c>{partition}:{sequence:D10}</c>:
/// an append is a plain create and 409 means another writer took that sequence — the conditional create the chain
/// needs, without a lock or TransactionalBatch.
/// </summary>
internal sealed class CosmosAuditStore(CosmosContainers containers) : IAuditStore
{
    private const int PageSize = 1000;

    public async Task<bool> TryAppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var collection = await Audit(cancellationToken);
        var pk = new PartitionKey(auditEvent.Partition);
        var id = ItemId(auditEvent.Partition, auditEvent.Sequence);
        var document = CosmosJson.ToDocument(auditEvent, CoreJsonContext.Default.AuditEvent);
        document["id"] = id;
        var created = await collection.CreateAsync("audit.append", document, pk, cancellationToken);
        if (created.IsSuccess)
        {
            return true;
        }

        if (created.StatusCode != HttpStatusCode.Conflict)
        {
            return false;
        }

        // Taken. If it holds this very event (our create landed before a retried 503), the append did happen.
        var existing = await collection.ReadAsync("audit.readTaken", id, pk, cancellationToken);
        return existing.Document is { } stored
            && string.Equals(CosmosJson.FromDocument(stored, CoreJsonContext.Default.AuditEvent).Hash, auditEvent.Hash, StringComparison.Ordinal);
    }

    public async Task<AuditEvent?> GetLastAsync(string partition, CancellationToken cancellationToken)
    {
        var collection = await Audit(cancellationToken);
        var query = new QueryDefinition("SELECT TOP 1 * FROM c WHERE c.partition = @partition ORDER BY c.sequence DESC")
            .WithParameter("@partition", partition);
        await foreach (var document in collection.QueryAsync("audit.last", query, new PartitionKey(partition), 1, cancellationToken))
        {
            return CosmosJson.FromDocument(document, CoreJsonContext.Default.AuditEvent);
        }

        return null;
    }

    public async IAsyncEnumerable<AuditEvent> ReadAsync(string partition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var collection = await Audit(cancellationToken);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.partition = @partition ORDER BY c.sequence")
            .WithParameter("@partition", partition);
        await foreach (var document in collection.QueryAsync("audit.read", query, new PartitionKey(partition), PageSize, cancellationToken))
        {
            yield return CosmosJson.FromDocument(document, CoreJsonContext.Default.AuditEvent);
        }
    }

    public async Task<IReadOnlyList<string>> ListPartitionsAsync(CancellationToken cancellationToken)
    {
        // Every chain has exactly one event with sequence 1, so this lists each partition once without DISTINCT.
        var collection = await Audit(cancellationToken);
        var query = new QueryDefinition("SELECT c.partition FROM c WHERE c.sequence = 1");
        var partitions = new List<string>();
        await foreach (var document in collection.QueryAsync("audit.partitions", query, null, PageSize, cancellationToken))
        {
            if (document.TryGetProperty("partition", out var value) && value.GetString() is { } name)
            {
                partitions.Add(name);
            }
        }

        return [.. partitions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    private static string ItemId(string partition, long sequence) =>
        $"{CosmosIds.Escape(partition)}:{sequence.ToString("D10", System.Globalization.CultureInfo.InvariantCulture)}";

    private Task<CosmosCollection> Audit(CancellationToken cancellationToken) => containers.GetAsync(CosmosContainerNames.Audit, cancellationToken);
}
