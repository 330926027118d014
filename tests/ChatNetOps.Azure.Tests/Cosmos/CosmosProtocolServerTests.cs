namespace ChatNetOps.Azure.Tests.Cosmos;

using System.Net;
using Microsoft.Azure.Cosmos;

/// <summary>What the project's Cosmos test server (tests/cosmos-server/server.js) adds to @vercel/cosmosdb-server.</summary>
[Collection(CosmosTestCollection.Name)]
public sealed class CosmosProtocolServerTests(CosmosTestServer server)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>
    /// The package numbers databases in creation order and wrote their resource ids in plain base64, so one in 64 had a
    /// '/' in it and the SDK's id-based routes for it (pkranges) answered 404. The server writes '-' for '/', as Azure does.
    /// </summary>
    [Fact]
    public async Task EveryDatabase_HasAResourceIdWithoutSlash_AndItsContainersAnswerQueries()
    {
        for (var i = 0; i < 65; i++)
        {
            Database database = await server.Client.CreateDatabaseAsync("rid" + Guid.NewGuid().ToString("N")[..12], cancellationToken: Ct);
            var resourceId = (await database.ReadAsync(cancellationToken: Ct)).Resource.SelfLink.Trim('/')["dbs/".Length..];
            Assert.DoesNotContain('/', resourceId);
            Container container = await database.CreateContainerAsync("items", "/pk", cancellationToken: Ct);
            await container.CreateItemAsync(new Item($"i{i}", "p"), new PartitionKey("p"), cancellationToken: Ct);

            using var query = container.GetItemQueryIterator<Item>("SELECT * FROM c", requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey("p") });
            var page = await query.ReadNextAsync(Ct);

            Assert.Equal($"i{i}", Assert.Single(page).id);
            await database.DeleteAsync(cancellationToken: Ct);
        }
    }

    [Fact]
    public async Task QueryWithAPartitionKey_SeesOnlyThatPartition()
    {
        Database database = await server.Client.CreateDatabaseAsync("pk" + Guid.NewGuid().ToString("N")[..12], cancellationToken: Ct);
        Container container = await database.CreateContainerAsync("items", "/pk", cancellationToken: Ct);
        await container.CreateItemAsync(new Item("a", "p1"), new PartitionKey("p1"), cancellationToken: Ct);
        await container.CreateItemAsync(new Item("b", "p2"), new PartitionKey("p2"), cancellationToken: Ct);

        using var scoped = container.GetItemQueryIterator<Item>("SELECT * FROM c ORDER BY c.id", requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey("p2") });
        using var all = container.GetItemQueryIterator<Item>("SELECT * FROM c ORDER BY c.id");

        Assert.Equal(["b"], (await scoped.ReadNextAsync(Ct)).Select(i => i.id));
        Assert.Equal(["a", "b"], (await all.ReadNextAsync(Ct)).Select(i => i.id));
    }

    [Fact]
    public async Task PointReadOfAMissingItem_Is404()
    {
        Database database = await server.Client.CreateDatabaseAsync("nf" + Guid.NewGuid().ToString("N")[..12], cancellationToken: Ct);
        Container container = await database.CreateContainerAsync("items", "/pk", cancellationToken: Ct);

        using var response = await container.ReadItemStreamAsync("missing", new PartitionKey("p"), cancellationToken: Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ItemWithATtl_IsDeletedOnceItHasExpired()
    {
        Database database = await server.Client.CreateDatabaseAsync("ttl" + Guid.NewGuid().ToString("N")[..12], cancellationToken: Ct);
        Container container = await database.CreateContainerAsync(new ContainerProperties("items", "/pk") { DefaultTimeToLive = -1 }, cancellationToken: Ct);
        await container.CreateItemAsync(new TtlItem("short", "p", 1), new PartitionKey("p"), cancellationToken: Ct);
        await container.CreateItemAsync(new TtlItem("forever", "p", -1), new PartitionKey("p"), cancellationToken: Ct);

        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        HttpStatusCode status;
        do
        {
            // The server sweeps expired items every second; the item lives 1 s after its last write.
            await Task.Delay(TimeSpan.FromMilliseconds(200), Ct);
            using var read = await container.ReadItemStreamAsync("short", new PartitionKey("p"), cancellationToken: Ct);
            status = read.StatusCode;
        }
        while (status == HttpStatusCode.OK && TimeProvider.System.GetUtcNow() < deadline);

        Assert.Equal(HttpStatusCode.NotFound, status);
        using var kept = await container.ReadItemStreamAsync("forever", new PartitionKey("p"), cancellationToken: Ct);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
    }

#pragma warning disable IDE1006, SA1300 // Cosmos item properties are lower-case on the wire.
    private sealed record Item(string id, string pk);

    private sealed record TtlItem(string id, string pk, int ttl);
#pragma warning restore IDE1006, SA1300
}
