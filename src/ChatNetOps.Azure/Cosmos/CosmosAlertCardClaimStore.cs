namespace ChatNetOps.Azure.Cosmos;

using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Core.Alerts;
using Microsoft.Azure.Cosmos;

/// <summary>
/// First-card claims in the <c>alertcards</c> container: one item per incident (id = SHA-256 of the incident id in
/// hex, its own partition) holding the owner and <c>untilTicks</c>. A claim is a create (409: someone holds or held
/// it) or, when the held claim ran out or is the owner's own, a replace conditioned on the read ETag (412: someone
/// else replaced it first); so of replicas racing for one incident exactly one wins.
/// </summary>
internal sealed class CosmosAlertCardClaimStore(CosmosContainers containers) : IAlertCardClaimStore
{
    private const int MaxAttempts = 4;

    public async Task<bool> TryClaimAsync(string incidentId, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incidentId);
        ArgumentNullException.ThrowIfNull(owner);
        var id = IdOf(incidentId);
        var key = new PartitionKey(id);
        var document = new JsonObject
        {
            ["id"] = id,
            ["incidentId"] = incidentId,
            ["owner"] = owner,
            ["untilTicks"] = CosmosJson.Ticks(until),
        };
        var collection = await containers.GetAsync(CosmosContainerNames.AlertCards, cancellationToken);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var held = await collection.ReadAsync("alertcards.read", id, key, cancellationToken);
            if (held.Document is not JsonElement current)
            {
                var created = await collection.CreateAsync("alertcards.claim", (JsonObject)document.DeepClone(), key, cancellationToken);
                if (created.IsSuccess)
                {
                    return true;
                }

                if (created.StatusCode != HttpStatusCode.Conflict)
                {
                    throw new InvalidOperationException($"Claiming the alert card of incident {incidentId} failed with {(int)created.StatusCode}.");
                }

                continue;
            }

            var heldBy = current.TryGetProperty("owner", out var o) ? o.GetString() : null;
            var heldUntil = current.TryGetProperty("untilTicks", out var u) && u.TryGetInt64(out var ticks) ? ticks : long.MaxValue;
            if (!string.Equals(heldBy, owner, StringComparison.Ordinal) && heldUntil > CosmosJson.Ticks(now))
            {
                return false;
            }

            var replaced = await collection.ReplaceAsync("alertcards.takeOver", id, (JsonObject)document.DeepClone(), key, held.ETag ?? CosmosCollection.ETagOf(current) ?? throw new InvalidOperationException("A claim item came back without an ETag."), cancellationToken);
            if (replaced.IsSuccess)
            {
                return true;
            }

            if (replaced.StatusCode is not (HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound))
            {
                throw new InvalidOperationException($"Taking over the alert card claim of incident {incidentId} failed with {(int)replaced.StatusCode}.");
            }
        }

        return false;
    }

    internal static string IdOf(string incidentId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(incidentId)));
}
