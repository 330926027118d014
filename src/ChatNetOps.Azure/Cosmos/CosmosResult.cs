namespace ChatNetOps.Azure.Cosmos;

using System.Net;
using System.Text.Json;

/// <summary>The outcome of one point operation: status, the item's ETag, and its JSON when there is one.</summary>
internal readonly record struct CosmosResult(HttpStatusCode StatusCode, string? ETag, JsonElement? Document)
{
    public bool IsSuccess => (int)StatusCode is >= 200 and < 300;
}
