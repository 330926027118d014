namespace ChatNetOps.Azure.Cosmos;

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Core;
using ChatNetOps.Core.ChangeWindows;
using ChatNetOps.Core.Policy;
using Microsoft.Azure.Cosmos;

/// <summary>
/// Change windows in the <c>changewindows</c> container, partitioned by id, with denormalized <c>binding</c>
/// (<c>"{platform}|{conversationId}"</c>), <c>state</c> (<c>Active</c> until recorded closed), <c>openedTicks</c> and
/// <c>startTicks</c> for the lookups by conversation and the sweeper's list. Every change is one conditional replace.
/// </summary>
internal sealed class CosmosChangeWindowStore(CosmosContainers containers) : IChangeWindowStore
{
    public async Task<ChangeWindow?> TryCreateAsync(ChangeWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var collection = await Windows(cancellationToken);
        var result = await collection.CreateAsync("changewindows.create", ToDocument(window), new PartitionKey(window.Id), cancellationToken);
        return result.StatusCode == HttpStatusCode.Conflict ? null : window with { ETag = result.ETag };
    }

    public async Task<ChangeWindow?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var collection = await Windows(cancellationToken);
        var result = await collection.ReadAsync("changewindows.read", id, new PartitionKey(id), cancellationToken);
        return result.Document is { } document ? FromDocument(document, result.ETag) : null;
    }

    public async Task<ChangeWindow?> TryReplaceAsync(ChangeWindow updated, string expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        if (string.IsNullOrEmpty(expectedETag))
        {
            return null;
        }

        var collection = await Windows(cancellationToken);
        var result = await collection.ReplaceAsync("changewindows.replace", updated.Id, ToDocument(updated), new PartitionKey(updated.Id), expectedETag, cancellationToken);
        return result.IsSuccess ? updated with { ETag = result.ETag } : null;
    }

    public async Task<ChangeWindow?> FindLatestByConversationAsync(ChatPlatform platform, string conversationId, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.binding = @binding").WithParameter("@binding", $"{platform}|{conversationId}");
        var found = await QueryAsync("changewindows.byConversation", query, cancellationToken);
        return found.OrderByDescending(w => w.OpenedAt.UtcTicks).ThenByDescending(w => w.Id, StringComparer.Ordinal).FirstOrDefault();
    }

    public async Task<IReadOnlyList<ChangeWindow>> ListActiveAsync(CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.state = @active").WithParameter("@active", "Active");
        var active = await QueryAsync("changewindows.listActive", query, cancellationToken);
        return [.. active.OrderBy(w => w.Start.UtcTicks).ThenBy(w => w.Id, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<ChangeWindow>> ListRecentAsync(int limit, CancellationToken cancellationToken)
    {
        var top = Math.Clamp(limit, 1, 500);
        var query = new QueryDefinition(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"SELECT TOP {top} * FROM c ORDER BY c.openedTicks DESC"));
        var recent = await QueryAsync("changewindows.listRecent", query, cancellationToken);
        return [.. recent.OrderByDescending(w => w.OpenedAt.UtcTicks).ThenByDescending(w => w.Id, StringComparer.Ordinal).Take(top)];
    }

    private static JsonObject ToDocument(ChangeWindow window)
    {
        var document = CosmosJson.ToDocument(window with { ETag = null }, CoreJsonContext.Default.ChangeWindow);
        document["binding"] = $"{window.Conversation.Platform}|{window.Conversation.ConversationId}";
        document["state"] = window.ClosedAt is null ? "Active" : "Closed";
        document["openedTicks"] = CosmosJson.Ticks(window.OpenedAt);
        document["startTicks"] = CosmosJson.Ticks(window.Start);
        return document;
    }

    private static ChangeWindow FromDocument(JsonElement document, string? etag) =>
        CosmosJson.FromDocument(document, CoreJsonContext.Default.ChangeWindow) with { ETag = etag ?? CosmosCollection.ETagOf(document) };

    private Task<CosmosCollection> Windows(CancellationToken cancellationToken) => containers.GetAsync(CosmosContainerNames.ChangeWindows, cancellationToken);

    private async Task<List<ChangeWindow>> QueryAsync(string operation, QueryDefinition query, CancellationToken cancellationToken)
    {
        var collection = await Windows(cancellationToken);
        var results = new List<ChangeWindow>();
        await foreach (var document in collection.QueryAsync(operation, query, null, 500, cancellationToken))
        {
            results.Add(FromDocument(document, null));
        }

        return results;
    }
}
