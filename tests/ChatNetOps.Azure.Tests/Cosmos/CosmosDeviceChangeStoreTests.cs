namespace ChatNetOps.Azure.Tests.Cosmos;

using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Requests;
using Microsoft.Extensions.Time.Testing;

[Collection(CosmosTestCollection.Name)]
public sealed class CosmosDeviceChangeStoreTests(CosmosTestServer server) : DeviceChangeStoreContract
{
    protected override Task<IDeviceChangeStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IDeviceChangeStore>(CosmosStores.DeviceChange(server.NewDatabase(time), time));
}
