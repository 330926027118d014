namespace ChatNetOps.Azure.Tests.Cosmos;

using ChatNetOps.Azure.Cosmos;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Requests;
using Microsoft.Extensions.Time.Testing;

[Collection(CosmosTestCollection.Name)]
public sealed class CosmosRequestStoreTests(CosmosTestServer server) : RequestStoreContract
{
    protected override Task<IRequestStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IRequestStore>(CosmosStores.Request(server.NewDatabase(time), time));
}
