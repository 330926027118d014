namespace ChatNetOps.Azure.Tests.Cosmos;

using ChatNetOps.Core.Alerts;
using ChatNetOps.Testing.Alerts;
using Microsoft.Extensions.Time.Testing;

/// <summary>On the Cosmos protocol test server; each store opens the database through its own containers, as each replica does.</summary>
[Collection(CosmosTestCollection.Name)]
public sealed class CosmosAlertCardClaimStoreTests(CosmosTestServer server) : AlertCardClaimStoreContract
{
    protected override Task<IReadOnlyList<IAlertCardClaimStore>> CreateStoresAsync(FakeTimeProvider time, int count)
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..12];
        return Task.FromResult<IReadOnlyList<IAlertCardClaimStore>>([.. Enumerable.Range(0, count).Select(_ => CosmosStores.AlertCardClaim(server.NewDatabase(time, name), time))]);
    }
}
