namespace ChatNetOps.Azure.Tests.Cosmos;

using System.Text.Json.Nodes;
using ChatNetOps.Azure.Cosmos;
using ChatNetOps.Core.Audit;
using ChatNetOps.Testing.Audit;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Time.Testing;

[Collection(CosmosTestCollection.Name)]
public sealed class CosmosAuditStoreTests(CosmosTestServer server) : AuditStoreContract
{
    private CosmosContainers? _containers;

    protected override Task<IAuditStore> CreateStoreAsync(FakeTimeProvider time)
    {
        _containers = server.NewDatabase(time);
        return Task.FromResult<IAuditStore>(CosmosStores.Audit(_containers, time));
    }

    protected override async Task TamperAsync(IAuditStore store, AuditEvent stored)
    {
        // As someone with write access to the account would: edit the item, leave its hash alone.
        var container = await _containers!.GetContainerAsync("audit", CancellationToken.None);
        var id = $"{stored.Partition}:{stored.Sequence:D10}";
        using var read = await container.ReadItemStreamAsync(id, new PartitionKey(stored.Partition));
        read.EnsureSuccessStatusCode();
        var document = (await JsonNode.ParseAsync(read.Content))!.AsObject();
        document["device"] = "tampered-device";
        using var replaced = await container.ReplaceItemStreamAsync(CosmosCollection.ToStream(document), id, new PartitionKey(stored.Partition));
        replaced.EnsureSuccessStatusCode();
    }

    protected override async Task DeleteAsync(IAuditStore store, AuditEvent stored)
    {
        var container = await _containers!.GetContainerAsync("audit", CancellationToken.None);
        using var deleted = await container.DeleteItemStreamAsync($"{stored.Partition}:{stored.Sequence:D10}", new PartitionKey(stored.Partition));
        deleted.EnsureSuccessStatusCode();
    }
}
