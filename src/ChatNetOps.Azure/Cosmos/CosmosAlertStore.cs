namespace ChatNetOps.Azure.Cosmos;

using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Core;
using ChatNetOps.Core.Alerts;
using Microsoft.Azure.Cosmos;

/// <summary>
/// Alert notifications in the <c>alerts</c> container, one item per (source, id), partitioned by id. The item id is the
/// SHA-256 of <c>source|id</c> in hex (notification ids are the sources' own and may hold characters an item id may
/// not). Recording is a create: 409 means the notification is already recorded (a duplicate), so of racing callers
/// exactly one gets true. The notification sits under <c>notification</c> beside <c>pending</c> and
/// <c>receivedTicks</c>; processing sets <c>pending</c> to false and keeps the item, so a late duplicate is still one.
/// </summary>
internal sealed class CosmosAlertStore(CosmosContainers containers) : IAlertStore
{
    public async Task<bool> RecordAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var id = IdOf(notification.Source, notification.Id);
        var collection = await Alerts(cancellationToken);
        var result = await collection.CreateAsync("alerts.record", Document(id, notification, pending: true), new PartitionKey(id), cancellationToken);
        return result.StatusCode != HttpStatusCode.Conflict;
    }

    public async Task<IReadOnlyList<AlertNotification>> ListPendingAsync(int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var collection = await Alerts(cancellationToken);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.pending = true");
        var pending = new List<(long Ticks, string Id, AlertNotification Notification)>();
        await foreach (var document in collection.QueryAsync("alerts.pending", query, null, 500, cancellationToken))
        {
            pending.Add((document.GetProperty("receivedTicks").GetInt64(), document.GetProperty("id").GetString()!, Read(document)));
        }

        return [.. pending.OrderBy(p => p.Ticks).ThenBy(p => p.Notification.Id, StringComparer.Ordinal).Take(max).Select(p => p.Notification)];
    }

    public async Task MarkProcessedAsync(AlertSource source, string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var key = IdOf(source, id);
        var collection = await Alerts(cancellationToken);
        var read = await collection.ReadAsync("alerts.read", key, new PartitionKey(key), cancellationToken);
        if (read.Document is not { } document)
        {
            return;
        }

        await collection.UpsertAsync("alerts.processed", Document(key, Read(document), pending: false), new PartitionKey(key), cancellationToken);
    }

    internal static string IdOf(AlertSource source, string id) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source + "|" + id)));

    private static JsonObject Document(string id, AlertNotification notification, bool pending) => new()
    {
        ["id"] = id,
        ["pending"] = pending,
        ["receivedTicks"] = CosmosJson.Ticks(notification.ReceivedAt),
        ["notification"] = CosmosJson.ToDocument(notification, CoreJsonContext.Default.AlertNotification),
    };

    private static AlertNotification Read(JsonElement document) =>
        CosmosJson.FromDocument(document.GetProperty("notification"), CoreJsonContext.Default.AlertNotification);

    private Task<CosmosCollection> Alerts(CancellationToken cancellationToken) => containers.GetAsync(CosmosContainerNames.Alerts, cancellationToken);
}
