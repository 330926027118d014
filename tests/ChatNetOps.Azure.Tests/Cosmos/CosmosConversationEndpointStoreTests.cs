namespace ChatNetOps.Azure.Tests.Cosmos;

using ChatNetOps.Azure.Cosmos;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Policy;
using ChatNetOps.Testing;
using ChatNetOps.Testing.Channels;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Time.Testing;

[Collection(CosmosTestCollection.Name)]
public sealed class CosmosConversationEndpointStoreTests(CosmosTestServer server) : ConversationEndpointStoreContract
{
    [Fact]
    public async Task Item_IsKeyedByTheHashOfPlatformAndConversation_InItsOwnPartition()
    {
        var time = TestData.Clock();
        var containers = server.NewDatabase(time);
        var conversationId = "a:" + new string('x', 400);
        var endpoint = new ConversationEndpoint(ChatPlatform.Teams, conversationId, "https://smba.trafficmanager.net/emea/", time.GetUtcNow());

        await new CosmosConversationEndpointStore(containers).SaveAsync(endpoint, CancellationToken.None);

        var id = CosmosConversationEndpointStore.IdOf(ChatPlatform.Teams, conversationId);
        Assert.Equal(64, id.Length);
        var container = await containers.GetContainerAsync(CosmosContainerNames.Conversations, CancellationToken.None);
        using var item = await container.ReadItemStreamAsync(id, new PartitionKey(id));
        Assert.True(item.IsSuccessStatusCode, item.StatusCode.ToString());
    }

    protected override Task<IConversationEndpointStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IConversationEndpointStore>(new CosmosConversationEndpointStore(server.NewDatabase(time)));
}
