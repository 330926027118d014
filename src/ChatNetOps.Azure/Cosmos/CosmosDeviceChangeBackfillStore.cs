namespace ChatNetOps.Azure.Cosmos;

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Core;
using ChatNetOps.Core.Requests;
using Microsoft.Azure.Cosmos;

/// <summary>
/// The marker of the device-change fill: one item in the <c>devicechanges</c> container, id <see cref="MarkerId"/> (its
/// own partition; device items have 64-hex ids, so it never meets one). A claim creates it (409: someone else did) or,
/// when the claim there ran out or is the owner's own and the fill is not done, replaces it on the read ETag (412:
/// someone else did first); completing replaces it on the read ETag unless it is done already.
/// </summary>
internal sealed class CosmosDeviceChangeBackfillStore(CosmosContainers containers) : IDeviceChangeBackfillStore
{
    public const string MarkerId = "backfill-from-audit";

    private const int MaxAttempts = 8;

    private static readonly PartitionKey Key = new(MarkerId);

    public async Task<DeviceChangeBackfillState?> GetAsync(CancellationToken cancellationToken)
    {
        var collection = await containers.GetAsync(CosmosContainerNames.DeviceChanges, cancellationToken);
        var read = await collection.ReadAsync("devicechanges.backfill.read", MarkerId, Key, cancellationToken);
        return read.Document is JsonElement document ? CosmosJson.FromDocument(document, CoreJsonContext.Default.DeviceChangeBackfillState) : null;
    }

    public async Task<bool> TryClaimAsync(string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var claim = new DeviceChangeBackfillState(owner, until, null);
        return await WriteAsync(claim, current => !current.IsDone && (current.Until <= now || string.Equals(current.Owner, owner, StringComparison.Ordinal)), cancellationToken);
    }

    public async Task CompleteAsync(DeviceChangeBackfillState done, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(done);
        if (!done.IsDone)
        {
            throw new ArgumentException("A completed marker needs its CompletedAt.", nameof(done));
        }

        await WriteAsync(done, current => !current.IsDone, cancellationToken);
    }

    /// <summary>Creates the marker as <paramref name="state"/>, or replaces the stored one when <paramref name="replaces"/> says so; false when it does not.</summary>
    private async Task<bool> WriteAsync(DeviceChangeBackfillState state, Func<DeviceChangeBackfillState, bool> replaces, CancellationToken cancellationToken)
    {
        var collection = await containers.GetAsync(CosmosContainerNames.DeviceChanges, cancellationToken);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var read = await collection.ReadAsync("devicechanges.backfill.read", MarkerId, Key, cancellationToken);
            CosmosResult written;
            if (read.Document is not JsonElement current)
            {
                written = await collection.CreateAsync("devicechanges.backfill.create", Document(state), Key, cancellationToken);
            }
            else if (!replaces(CosmosJson.FromDocument(current, CoreJsonContext.Default.DeviceChangeBackfillState)))
            {
                return false;
            }
            else
            {
                written = await collection.ReplaceAsync("devicechanges.backfill.replace", MarkerId, Document(state), Key, read.ETag ?? CosmosCollection.ETagOf(current) ?? throw new InvalidOperationException("The device-change fill marker came back without an ETag."), cancellationToken);
            }

            if (written.IsSuccess)
            {
                return true;
            }

            if (written.StatusCode is not (HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound))
            {
                throw new InvalidOperationException($"Writing the device-change fill marker failed with {(int)written.StatusCode}.");
            }
        }

        // Lost every race: someone else keeps writing the marker, which is theirs then.
        return false;
    }

    private static JsonObject Document(DeviceChangeBackfillState state)
    {
        var document = CosmosJson.ToDocument(state, CoreJsonContext.Default.DeviceChangeBackfillState);
        document["id"] = MarkerId;
        return document;
    }
}
