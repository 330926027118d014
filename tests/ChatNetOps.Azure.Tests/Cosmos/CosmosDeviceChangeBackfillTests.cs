namespace ChatNetOps.Azure.Tests.Cosmos;

using ChatNetOps.Testing.Requests;
using Microsoft.Extensions.Time.Testing;

/// <summary>The fill on the Cosmos protocol test server; each replica opens the database through its own containers.</summary>
[Collection(CosmosTestCollection.Name)]
public sealed class CosmosDeviceChangeBackfillTests(CosmosTestServer server) : DeviceChangeBackfillContract
{
    protected override Task<IReadOnlyList<Replica>> CreateReplicasAsync(FakeTimeProvider time, int count)
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..12];
        return Task.FromResult<IReadOnlyList<Replica>>([.. Enumerable.Range(0, count).Select(_ =>
        {
            var containers = server.NewDatabase(time, name);
            return new Replica(CosmosStores.Audit(containers, time), CosmosStores.Request(containers, time), CosmosStores.DeviceChange(containers, time), CosmosStores.DeviceChangeBackfill(containers, time));
        })]);
    }
}
