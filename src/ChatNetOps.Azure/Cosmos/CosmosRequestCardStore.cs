namespace ChatNetOps.Azure.Cosmos;

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChatNetOps.Core;
using ChatNetOps.Core.Channels;
using Microsoft.Azure.Cosmos;

/// <summary>
/// Where each request's card is, in the <c>requestcards</c> container: one item per request, partitioned by id. The id
/// is the SHA-256 of the request id in hex (as for conversation endpoints: any string maps to a valid id, whatever it
/// holds). A save is an upsert (the last card posted wins).
/// </summary>
internal sealed class CosmosRequestCardStore(CosmosContainers containers) : IRequestCardStore
{
    public async Task SaveAsync(RequestCard card, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(card);
        var id = IdOf(card.RequestId);
        var document = CosmosJson.ToDocument(card, CoreJsonContext.Default.RequestCard);
        document["id"] = id;
        var collection = await containers.GetAsync(CosmosContainerNames.RequestCards, cancellationToken);
        var result = await collection.UpsertAsync("requestcards.upsert", document, new PartitionKey(id), cancellationToken);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"Saving the card message of request {card.RequestId} failed with {(int)result.StatusCode}.");
        }
    }

    public async Task<RequestCard?> GetAsync(string requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        var id = IdOf(requestId);
        var collection = await containers.GetAsync(CosmosContainerNames.RequestCards, cancellationToken);
        var result = await collection.ReadAsync("requestcards.read", id, new PartitionKey(id), cancellationToken);
        return result.Document is JsonElement document ? CosmosJson.FromDocument(document, CoreJsonContext.Default.RequestCard) : null;
    }

    internal static string IdOf(string requestId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(requestId)));
}
