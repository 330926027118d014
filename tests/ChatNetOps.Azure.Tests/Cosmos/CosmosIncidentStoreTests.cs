namespace ChatNetOps.Azure.Tests.Cosmos;

using ChatNetOps.Azure.Cosmos;
using ChatNetOps.Core.Incidents;
using ChatNetOps.Testing.Incidents;
using Microsoft.Extensions.Time.Testing;

[Collection(CosmosTestCollection.Name)]
public sealed class CosmosIncidentStoreTests(CosmosTestServer server) : IncidentStoreContract
{
    protected override Task<IIncidentStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IIncidentStore>(CosmosStores.Incident(server.NewDatabase(time), time));
}
