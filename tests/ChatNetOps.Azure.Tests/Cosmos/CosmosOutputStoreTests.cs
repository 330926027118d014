namespace ChatNetOps.Azure.Tests.Cosmos;

using ChatNetOps.Azure.Cosmos;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Requests;
using Microsoft.Extensions.Time.Testing;

[Collection(CosmosTestCollection.Name)]
public sealed class CosmosOutputStoreTests(CosmosTestServer server) : OutputStoreContract
{
    protected override Task<IOutputStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IOutputStore>(CosmosStores.Output(server.NewDatabase(time), time));
}
