namespace ChatNetOps.Azure.Tests.Cosmos;

using System.Text.Json;
using ChatNetOps.Azure.Cosmos;
using ChatNetOps.Core.Channels;
using ChatNetOps.Testing;
using ChatNetOps.Testing.Channels;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Time.Testing;

[Collection(CosmosTestCollection.Name)]
public sealed class CosmosChatStateStoreTests(CosmosTestServer server) : ChatStateStoreContract
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Item_IsKeyedByTheHashOfTheKey_InItsOwnPartition_WithATtlBeyondItsExpiry()
    {
        var time = TestData.Clock();
        var containers = server.NewDatabase(time);
        var key = "slack:seen:vs:" + new string('v', 400);

        await new CosmosChatStateStore(containers, time).TryAddAsync(key, "1", time.GetUtcNow().AddMinutes(15), Ct);

        var id = CosmosChatStateStore.IdOf(key);
        Assert.Equal(64, id.Length);
        using var item = await ReadRawAsync(containers, id);
        Assert.Equal(key, item.RootElement.GetProperty("key").GetString());
        Assert.Equal((15 * 60) + (int)CosmosChatStateStore.TtlGrace.TotalSeconds, item.RootElement.GetProperty("ttl").GetInt32());
    }

    [Fact]
    public async Task Container_HasDefaultTtlMinusOne_SoPerItemTtlApplies()
    {
        var containers = server.NewDatabase(TestData.Clock());
        var container = await containers.GetContainerAsync(CosmosContainerNames.ChatState, Ct);

        var properties = await container.ReadContainerAsync(cancellationToken: Ct);

        Assert.Equal(-1, properties.Resource.DefaultTimeToLive);
        Assert.Equal("/id", properties.Resource.PartitionKeyPath);
    }

    [Fact]
    public async Task TryAdd_ItemExpiredByItsOwnExpiryButNotYetDeleted_IsReplacedInPlace()
    {
        var time = TestData.Clock();
        var containers = server.NewDatabase(time);
        var store = new CosmosChatStateStore(containers, time);
        await store.TryAddAsync("slack:form:9f3c", "old", time.GetUtcNow().AddMinutes(1), Ct);
        var id = CosmosChatStateStore.IdOf("slack:form:9f3c");
        string oldWriter;
        using (var before = await ReadRawAsync(containers, id))
        {
            oldWriter = before.RootElement.GetProperty("writer").GetString()!;
        }

        time.Advance(TimeSpan.FromMinutes(2));
        var added = await store.TryAddAsync("slack:form:9f3c", "new", time.GetUtcNow().AddMinutes(1), Ct);

        Assert.True(added);
        using var after = await ReadRawAsync(containers, id);
        Assert.Equal("new", after.RootElement.GetProperty("value").GetString());
        Assert.NotEqual(oldWriter, after.RootElement.GetProperty("writer").GetString());
    }

    protected override Task<IChatStateStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IChatStateStore>(new CosmosChatStateStore(server.NewDatabase(time), time));

    private static async Task<JsonDocument> ReadRawAsync(CosmosContainers containers, string id)
    {
        var container = await containers.GetContainerAsync(CosmosContainerNames.ChatState, Ct);
        using var item = await container.ReadItemStreamAsync(id, new PartitionKey(id), cancellationToken: Ct);
        Assert.True(item.IsSuccessStatusCode, item.StatusCode.ToString());
        return await JsonDocument.ParseAsync(item.Content, cancellationToken: Ct);
    }
}
