namespace ChatNetOps.Azure.Cosmos;

using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ChatNetOps.Core;
using ChatNetOps.Core.Alerts;
using Microsoft.Azure.Cosmos;

/// <summary>
/// Alert groups in the <c>alertgroups</c> container, partitioned by id: the SHA-256 of <c>source|groupKey</c> in hex
/// (group keys hold characters item ids may not). The group sits under <c>group</c>; create is 409-on-exists and
/// replace is If-Match its ETag, as for incidents.
/// </summary>
internal sealed class CosmosAlertGroupStore(CosmosContainers containers) : IAlertGroupStore
{
    public async Task<AlertGroup?> GetAsync(AlertSource source, string groupKey, CancellationToken cancellationToken)
    {
        var id = IdOf(source, groupKey);
        var collection = await Groups(cancellationToken);
        var result = await collection.ReadAsync("alertgroups.read", id, new PartitionKey(id), cancellationToken);
        return result.Document is { } document
            ? CosmosJson.FromDocument(document.GetProperty("group"), CoreJsonContext.Default.AlertGroup) with { ETag = result.ETag ?? CosmosCollection.ETagOf(document) }
            : null;
    }

    public async Task<AlertGroup?> TryCreateAsync(AlertGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        var id = IdOf(group.Source, group.GroupKey);
        var collection = await Groups(cancellationToken);
        var result = await collection.CreateAsync("alertgroups.create", Document(id, group), new PartitionKey(id), cancellationToken);
        return result.StatusCode == HttpStatusCode.Conflict ? null : group with { ETag = result.ETag };
    }

    public async Task<AlertGroup?> TryReplaceAsync(AlertGroup updated, string expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        if (string.IsNullOrEmpty(expectedETag))
        {
            return null;
        }

        var id = IdOf(updated.Source, updated.GroupKey);
        var collection = await Groups(cancellationToken);
        var result = await collection.ReplaceAsync("alertgroups.replace", id, Document(id, updated), new PartitionKey(id), expectedETag, cancellationToken);
        return result.IsSuccess ? updated with { ETag = result.ETag } : null;
    }

    internal static string IdOf(AlertSource source, string groupKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source + "|" + groupKey)));

    private static JsonObject Document(string id, AlertGroup group) => new()
    {
        ["id"] = id,
        ["group"] = CosmosJson.ToDocument(group with { ETag = null }, CoreJsonContext.Default.AlertGroup),
    };

    private Task<CosmosCollection> Groups(CancellationToken cancellationToken) => containers.GetAsync(CosmosContainerNames.AlertGroups, cancellationToken);
}
