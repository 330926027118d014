namespace ChatNetOps.Azure.Cosmos;

using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChatNetOps.Core;
using ChatNetOps.Core.Requests;
using Microsoft.Azure.Cosmos;

/// <summary>
/// The last change of each device in the <c>devicechanges</c> container: one item per device (id = SHA-256 of its
/// upper-case name in hex, its own partition), read by point reads. A record creates the item or replaces it, on the
/// read ETag, only with a newer change (<see cref="DeviceLastChange.IsNewerThan"/>); a lost race reads again.
/// </summary>
internal sealed class CosmosDeviceChangeStore(CosmosContainers containers) : IDeviceChangeStore
{
    private const int MaxAttempts = 8;
    private const int MaxDevicesPerRead = 500;

    public async Task RecordAsync(IReadOnlyList<DeviceLastChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var collection = await containers.GetAsync(CosmosContainerNames.DeviceChanges, cancellationToken);
        foreach (var change in changes)
        {
            await RecordAsync(collection, change, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<DeviceLastChange>> GetAsync(IReadOnlyCollection<string> devices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var collection = await containers.GetAsync(CosmosContainerNames.DeviceChanges, cancellationToken);
        var found = new List<DeviceLastChange>();
        foreach (var id in devices.Select(DeviceLastChange.KeyOf).Distinct(StringComparer.Ordinal).Take(MaxDevicesPerRead).Select(IdOf))
        {
            var read = await collection.ReadAsync("devicechanges.read", id, new PartitionKey(id), cancellationToken);
            if (read.Document is JsonElement document)
            {
                found.Add(CosmosJson.FromDocument(document, CoreJsonContext.Default.DeviceLastChange));
            }
        }

        return found;
    }

    internal static string IdOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static async Task RecordAsync(CosmosCollection collection, DeviceLastChange change, CancellationToken cancellationToken)
    {
        var id = IdOf(DeviceLastChange.KeyOf(change.Device));
        var key = new PartitionKey(id);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var document = CosmosJson.ToDocument(change, CoreJsonContext.Default.DeviceLastChange);
            document["id"] = id;
            var read = await collection.ReadAsync("devicechanges.read", id, key, cancellationToken);
            CosmosResult written;
            if (read.Document is not JsonElement current)
            {
                written = await collection.CreateAsync("devicechanges.create", document, key, cancellationToken);
            }
            else if (!change.IsNewerThan(CosmosJson.FromDocument(current, CoreJsonContext.Default.DeviceLastChange)))
            {
                return;
            }
            else
            {
                written = await collection.ReplaceAsync("devicechanges.replace", id, document, key, read.ETag ?? CosmosCollection.ETagOf(current) ?? throw new InvalidOperationException("A device change item came back without an ETag."), cancellationToken);
            }

            if (written.IsSuccess)
            {
                return;
            }

            if (written.StatusCode is not (HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound))
            {
                throw new InvalidOperationException($"Recording the last change of device {change.Device} failed with {(int)written.StatusCode}.");
            }
        }

        throw new InvalidOperationException($"Recording the last change of device {change.Device} lost {MaxAttempts} races in a row; try again.");
    }
}
