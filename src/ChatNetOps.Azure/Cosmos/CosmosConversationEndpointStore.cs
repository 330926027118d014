namespace ChatNetOps.Azure.Cosmos;

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChatNetOps.Core;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Policy;
using Microsoft.Azure.Cosmos;

/// <summary>
/// Conversation endpoints in the <c>conversations</c> container, one item per (platform, conversation), partitioned by
/// id. The id is the SHA-256 of <c>"{platform}|{conversationId}"</c> in hex: Teams conversation ids can be longer than
/// the 255 characters an item id allows and carry characters ids may not. A save is an upsert (last writer wins; every
/// writer saw the endpoint in an authenticated activity).
/// </summary>
internal sealed class CosmosConversationEndpointStore(CosmosContainers containers) : IConversationEndpointStore
{
    public async Task SaveAsync(ConversationEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var id = IdOf(endpoint.Platform, endpoint.ConversationId);
        var document = CosmosJson.ToDocument(endpoint, CoreJsonContext.Default.ConversationEndpoint);
        document["id"] = id;
        var collection = await Conversations(cancellationToken);
        var result = await collection.UpsertAsync("conversations.upsert", document, new PartitionKey(id), cancellationToken);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"Saving the endpoint of conversation {endpoint.ConversationId} failed with {(int)result.StatusCode}.");
        }
    }

    public async Task<ConversationEndpoint?> GetAsync(ChatPlatform platform, string conversationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        var id = IdOf(platform, conversationId);
        var collection = await Conversations(cancellationToken);
        var result = await collection.ReadAsync("conversations.read", id, new PartitionKey(id), cancellationToken);
        return result.Document is JsonElement document ? CosmosJson.FromDocument(document, CoreJsonContext.Default.ConversationEndpoint) : null;
    }

    internal static string IdOf(ChatPlatform platform, string conversationId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{platform}|{conversationId}")));

    private Task<CosmosCollection> Conversations(CancellationToken cancellationToken) => containers.GetAsync(CosmosContainerNames.Conversations, cancellationToken);
}
