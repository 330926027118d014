namespace ChatNetOps.Azure.Cosmos;

using ChatNetOps.Core;
using ChatNetOps.Core.Requests;
using Microsoft.Azure.Cosmos;

/// <summary>
/// Redacted outputs in the <c>outputs</c> container, partitioned by request id (they are always read per request):
/// one item per (request, device), id = device, upserted so a re-run replaces the earlier output.
/// </summary>
internal sealed class CosmosOutputStore(CosmosContainers containers) : IOutputStore
{
    public async Task SaveAsync(StoredOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var collection = await containers.GetAsync(CosmosContainerNames.Outputs, cancellationToken);
        var document = CosmosJson.ToDocument(output, CoreJsonContext.Default.StoredOutput);
        document["id"] = CosmosIds.Escape(output.Device);
        var result = await collection.UpsertAsync("outputs.upsert", document, new PartitionKey(output.RequestId), cancellationToken);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"Saving the output of {output.RequestId}/{output.Device} failed with {(int)result.StatusCode}.");
        }
    }

    public async Task<IReadOnlyList<StoredOutput>> GetAsync(string requestId, CancellationToken cancellationToken)
    {
        var collection = await containers.GetAsync(CosmosContainerNames.Outputs, cancellationToken);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.requestId = @request").WithParameter("@request", requestId);
        var results = new List<StoredOutput>();
        await foreach (var document in collection.QueryAsync("outputs.byRequest", query, new PartitionKey(requestId), 100, cancellationToken))
        {
            results.Add(CosmosJson.FromDocument(document, CoreJsonContext.Default.StoredOutput));
        }

        return results;
    }
}
