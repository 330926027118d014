namespace ChatNetOps.Azure.Tests.Cosmos;

using ChatNetOps.Azure.Cosmos;
using ChatNetOps.Core.Locks;
using ChatNetOps.Testing.Locks;
using Microsoft.Extensions.Time.Testing;

[Collection(CosmosTestCollection.Name)]
public sealed class CosmosLockWatchStoreTests(CosmosTestServer server) : LockWatchStoreContract
{
    protected override Task<ILockWatchStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<ILockWatchStore>(new CosmosLockWatchStore(server.NewDatabase(time)));
}
