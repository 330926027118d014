namespace ChatNetOps.Azure.Tests.Cosmos;

using ChatNetOps.Core.Alerts;
using ChatNetOps.Testing.Alerts;
using Microsoft.Extensions.Time.Testing;

[Collection(CosmosTestCollection.Name)]
public sealed class CosmosAlertGroupStoreTests(CosmosTestServer server) : AlertGroupStoreContract
{
    protected override Task<IAlertGroupStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IAlertGroupStore>(CosmosStores.AlertGroup(server.NewDatabase(time), time));
}
