namespace ChatNetOps.Azure.Tests.Cosmos;

using ChatNetOps.Core.ChangeWindows;
using ChatNetOps.Testing.ChangeWindows;
using Microsoft.Extensions.Time.Testing;

[Collection(CosmosTestCollection.Name)]
public sealed class CosmosChangeWindowStoreTests(CosmosTestServer server) : ChangeWindowStoreContract
{
    protected override Task<IChangeWindowStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IChangeWindowStore>(CosmosStores.ChangeWindow(server.NewDatabase(time), time));
}
