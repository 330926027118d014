namespace ChatNetOps.Azure.Tests.Cosmos;

using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Requests;
using Microsoft.Extensions.Time.Testing;

/// <summary>On the Cosmos protocol test server; each store opens the database through its own containers, as each replica does.</summary>
[Collection(CosmosTestCollection.Name)]
public sealed class CosmosDeviceChangeBackfillStoreTests(CosmosTestServer server) : DeviceChangeBackfillStoreContract
{
    protected override Task<IReadOnlyList<IDeviceChangeBackfillStore>> CreateStoresAsync(FakeTimeProvider time, int count)
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..12];
        return Task.FromResult<IReadOnlyList<IDeviceChangeBackfillStore>>([.. Enumerable.Range(0, count).Select(_ => CosmosStores.DeviceChangeBackfill(server.NewDatabase(time, name), time))]);
    }
}
