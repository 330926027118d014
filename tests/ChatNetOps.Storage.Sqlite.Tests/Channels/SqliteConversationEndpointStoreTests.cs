namespace ChatNetOps.Storage.Sqlite.Tests.Channels;

using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Policy;
using ChatNetOps.Storage.Sqlite.Channels;
using ChatNetOps.Storage.Sqlite.Tests.Database;
using ChatNetOps.Testing;
using ChatNetOps.Testing.Channels;
using Microsoft.Extensions.Time.Testing;

public sealed class SqliteConversationEndpointStoreTests : ConversationEndpointStoreContract, IDisposable
{
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Endpoint_SurvivesReopeningTheFile()
    {
        var endpoint = new ConversationEndpoint(ChatPlatform.Teams, "19:abc@thread.tacv2", "https://smba.trafficmanager.net/emea/", TestData.Epoch);
        await new SqliteConversationEndpointStore(_file.Open(TestData.Clock())).SaveAsync(endpoint, CancellationToken.None);

        var reopened = new SqliteConversationEndpointStore(_file.Open(TestData.Clock()));

        Assert.Equal(endpoint, await reopened.GetAsync(ChatPlatform.Teams, "19:abc@thread.tacv2", CancellationToken.None));
    }

    protected override Task<IConversationEndpointStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IConversationEndpointStore>(new SqliteConversationEndpointStore(_file.Open(time)));
}
