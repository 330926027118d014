namespace ChatNetOps.Azure.Tests.Cosmos;

using ChatNetOps.Azure.Cosmos;
using ChatNetOps.Core.Locks;
using ChatNetOps.Testing.Locks;
using Microsoft.Extensions.Time.Testing;

[Collection(CosmosTestCollection.Name)]
public sealed class CosmosDeviceLockStoreTests(CosmosTestServer server) : DeviceLockStoreContract
{
    protected override Task<IDeviceLockStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IDeviceLockStore>(CosmosStores.DeviceLock(server.NewDatabase(time), time));
}
