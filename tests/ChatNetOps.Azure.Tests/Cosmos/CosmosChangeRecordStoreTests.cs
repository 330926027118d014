namespace ChatNetOps.Azure.Tests.Cosmos;

using ChatNetOps.Core.ChangeRecords;
using ChatNetOps.Testing.ChangeRecords;
using Microsoft.Extensions.Time.Testing;

[Collection(CosmosTestCollection.Name)]
public sealed class CosmosChangeRecordStoreTests(CosmosTestServer server) : ChangeRecordStoreContract
{
    protected override Task<IChangeRecordStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IChangeRecordStore>(CosmosStores.ChangeRecords(server.NewDatabase(time), time));
}
