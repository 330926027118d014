namespace ChatNetOps.Azure.Tests.Cosmos;

using ChatNetOps.Azure.Cosmos;
using ChatNetOps.Core.Channels;
using ChatNetOps.Testing;
using ChatNetOps.Testing.Channels;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Time.Testing;

[Collection(CosmosTestCollection.Name)]
public sealed class CosmosRequestCardStoreTests(CosmosTestServer server) : RequestCardStoreContract
{
    [Fact]
    public async Task Item_IsKeyedByTheHashOfTheRequestId_InItsOwnPartition()
    {
        var containers = server.NewDatabase(TestData.Clock());
        var card = TestData.Card("R-a/b#c");

        await CosmosStores.RequestCard(containers, TestData.Clock()).SaveAsync(card, CancellationToken.None);

        var container = await containers.GetContainerAsync(CosmosContainerNames.RequestCards, CancellationToken.None);
        var id = CosmosRequestCardStore.IdOf("R-a/b#c");
        Assert.Equal(64, id.Length);
        using var item = await container.ReadItemStreamAsync(id, new PartitionKey(id));
        Assert.True(item.IsSuccessStatusCode, item.StatusCode.ToString());
    }

    protected override Task<IRequestCardStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IRequestCardStore>(CosmosStores.RequestCard(server.NewDatabase(time), time));
}
