namespace ChatNetOps.Azure.Cosmos;

using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Core;
using ChatNetOps.Core.Requests;
using Microsoft.Azure.Cosmos;

/// <summary>
/// Requests in the <c>requests</c> container, partitioned by id (every hot path is a point read or a conditional
/// replace of one request). Replace carries If-Match; the listings are cross-partition queries used by the sweeper
/// and the incident timeline, ordered by <c>createdTicks</c> (UTC ticks) then id.
/// </summary>
internal sealed class CosmosRequestStore(CosmosContainers containers) : IRequestStore
{
    public async Task<RunRequest> CreateAsync(RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var collection = await containers.GetAsync(CosmosContainerNames.Requests, cancellationToken);
        var result = await collection.CreateAsync("requests.create", ToDocument(request), new PartitionKey(request.Id), cancellationToken);
        if (result.StatusCode == HttpStatusCode.Conflict)
        {
            throw new InvalidOperationException($"A request with id '{request.Id}' already exists; request ids must be unique.");
        }

        return request with { ETag = result.ETag };
    }

    public async Task<RunRequest?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var collection = await containers.GetAsync(CosmosContainerNames.Requests, cancellationToken);
        var result = await collection.ReadAsync("requests.read", id, new PartitionKey(id), cancellationToken);
        return result.Document is { } document ? FromDocument(document, result.ETag) : null;
    }

    public async Task<RunRequest?> TryReplaceAsync(RunRequest updated, string expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        if (string.IsNullOrEmpty(expectedETag))
        {
            return null;
        }

        var collection = await containers.GetAsync(CosmosContainerNames.Requests, cancellationToken);
        var result = await collection.ReplaceAsync("requests.replace", updated.Id, ToDocument(updated), new PartitionKey(updated.Id), expectedETag, cancellationToken);
        return result.IsSuccess ? updated with { ETag = result.ETag } : null;
    }

    public async Task<IReadOnlyList<RunRequest>> ListByStatusAsync(RequestStatus status, int max, CancellationToken cancellationToken)
    {
        if (max <= 0)
        {
            return [];
        }

        var top = max.ToString(CultureInfo.InvariantCulture);
        var query = new QueryDefinition($"SELECT TOP {top} * FROM c WHERE c.status = @status ORDER BY c.createdTicks")
            .WithParameter("@status", status.ToString());
        return await QueryAsync("requests.byStatus", query, max, cancellationToken);
    }

    public async Task<IReadOnlyList<RunRequest>> ListByIncidentAsync(string incident, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.incident = @incident ORDER BY c.createdTicks")
            .WithParameter("@incident", incident);
        return await QueryAsync("requests.byIncident", query, int.MaxValue, cancellationToken);
    }

    private static JsonObject ToDocument(RunRequest request)
    {
        var document = CosmosJson.ToDocument(request with { ETag = null }, CoreJsonContext.Default.RunRequest);
        document["createdTicks"] = CosmosJson.Ticks(request.CreatedAt);
        return document;
    }

    private static RunRequest FromDocument(JsonElement document, string? etag) =>
        CosmosJson.FromDocument(document, CoreJsonContext.Default.RunRequest) with { ETag = etag ?? CosmosCollection.ETagOf(document) };

    private async Task<IReadOnlyList<RunRequest>> QueryAsync(string operation, QueryDefinition query, int max, CancellationToken cancellationToken)
    {
        var collection = await containers.GetAsync(CosmosContainerNames.Requests, cancellationToken);
        var results = new List<RunRequest>();
        await foreach (var document in collection.QueryAsync(operation, query, null, Math.Min(max, 500), cancellationToken))
        {
            results.Add(FromDocument(document, null));
            if (results.Count >= max)
            {
                break;
            }
        }

        // Ties on createdTicks fall back to id, as in the embedded store.
        return [.. results.OrderBy(r => r.CreatedAt.UtcTicks).ThenBy(r => r.Id, StringComparer.Ordinal)];
    }
}
