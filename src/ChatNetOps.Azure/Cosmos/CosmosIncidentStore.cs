namespace ChatNetOps.Azure.Cosmos;

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Core;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Core.Policy;
using Microsoft.Azure.Cosmos;

/// <summary>
/// Incidents in the <c>incidents</c> container, partitioned by id. The conversations bound to an incident live in the
/// incident's own document, with a denormalized <c>bindings</c> array (<c>"{platform}|{conversationId}"</c>) so
/// "which open incident is this channel bound to" is one indexed ARRAY_CONTAINS query, and a bind or unbind is part
/// of the same conditional replace as the rest of the incident (no second item to keep in step).
/// </summary>
internal sealed class CosmosIncidentStore(CosmosContainers containers) : IIncidentStore
{
    public async Task<Incident?> TryCreateAsync(Incident incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var collection = await Incidents(cancellationToken);
        var result = await collection.CreateAsync("incidents.create", ToDocument(incident), new PartitionKey(incident.Id), cancellationToken);
        return result.StatusCode == HttpStatusCode.Conflict ? null : incident with { ETag = result.ETag };
    }

    public async Task<Incident?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var collection = await Incidents(cancellationToken);
        var result = await collection.ReadAsync("incidents.read", id, new PartitionKey(id), cancellationToken);
        return result.Document is { } document ? FromDocument(document, result.ETag) : null;
    }

    public async Task<Incident?> TryReplaceAsync(Incident updated, string expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        if (string.IsNullOrEmpty(expectedETag))
        {
            return null;
        }

        var collection = await Incidents(cancellationToken);
        var result = await collection.ReplaceAsync("incidents.replace", updated.Id, ToDocument(updated), new PartitionKey(updated.Id), expectedETag, cancellationToken);
        return result.IsSuccess ? updated with { ETag = result.ETag } : null;
    }

    public async Task<Incident?> FindOpenByConversationAsync(ChatPlatform platform, string conversationId, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.state = @open AND ARRAY_CONTAINS(c.bindings, @binding) ORDER BY c.openedTicks DESC")
            .WithParameter("@open", nameof(IncidentState.Open))
            .WithParameter("@binding", Binding(platform, conversationId));
        var found = await QueryAsync("incidents.byConversation", query, cancellationToken);
        return found.OrderByDescending(i => i.OpenedAt.UtcTicks).ThenBy(i => i.Id, StringComparer.Ordinal).FirstOrDefault();
    }

    public async Task<IReadOnlyList<Incident>> ListOpenByConversationAsync(ChatPlatform platform, string conversationId, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.state = @open AND ARRAY_CONTAINS(c.bindings, @binding)")
            .WithParameter("@open", nameof(IncidentState.Open))
            .WithParameter("@binding", Binding(platform, conversationId));
        var found = await QueryAsync("incidents.listByConversation", query, cancellationToken);
        return [.. found.OrderBy(i => i.OpenedAt.UtcTicks).ThenBy(i => i.Id, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<Incident>> ListOpenAsync(CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.state = @open").WithParameter("@open", nameof(IncidentState.Open));
        var open = await QueryAsync("incidents.listOpen", query, cancellationToken);
        return [.. open.OrderBy(i => i.OpenedAt.UtcTicks).ThenBy(i => i.Id, StringComparer.Ordinal)];
    }

    private static string Binding(ChatPlatform platform, string conversationId) => $"{platform}|{conversationId}";

    private static JsonObject ToDocument(Incident incident)
    {
        var document = CosmosJson.ToDocument(incident with { ETag = null }, CoreJsonContext.Default.Incident);
        document["openedTicks"] = CosmosJson.Ticks(incident.OpenedAt);
        var bindings = new JsonArray();
        foreach (var binding in incident.Conversations.Select(c => Binding(c.Platform, c.ConversationId)).Distinct(StringComparer.Ordinal))
        {
            bindings.Add(binding);
        }

        document["bindings"] = bindings;
        return document;
    }

    private static Incident FromDocument(JsonElement document, string? etag) =>
        CosmosJson.FromDocument(document, CoreJsonContext.Default.Incident) with { ETag = etag ?? CosmosCollection.ETagOf(document) };

    private Task<CosmosCollection> Incidents(CancellationToken cancellationToken) => containers.GetAsync(CosmosContainerNames.Incidents, cancellationToken);

    private async Task<List<Incident>> QueryAsync(string operation, QueryDefinition query, CancellationToken cancellationToken)
    {
        var collection = await Incidents(cancellationToken);
        var results = new List<Incident>();
        await foreach (var document in collection.QueryAsync(operation, query, null, 500, cancellationToken))
        {
            results.Add(FromDocument(document, null));
        }

        return results;
    }
}
