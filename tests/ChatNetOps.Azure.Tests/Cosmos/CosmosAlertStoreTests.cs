namespace ChatNetOps.Azure.Tests.Cosmos;

using ChatNetOps.Azure.Cosmos;
using ChatNetOps.Core.Alerts;
using ChatNetOps.Testing.Alerts;
using Microsoft.Extensions.Time.Testing;

[Collection(CosmosTestCollection.Name)]
public sealed class CosmosAlertStoreTests(CosmosTestServer server) : AlertStoreContract
{
    [Fact]
    public void ItemId_IsAHashOfSourceAndId_SoAnySourceIdIsAValidCosmosId()
    {
        var id = CosmosAlertStore.IdOf(AlertSource.AzureMonitor, "/subscriptions/x/providers/Microsoft.AlertsManagement/alerts/y?#\\");

        Assert.Equal(64, id.Length);
        Assert.True(id.All(char.IsAsciiHexDigitLower));
        Assert.NotEqual(id, CosmosAlertStore.IdOf(AlertSource.Webhook, "/subscriptions/x/providers/Microsoft.AlertsManagement/alerts/y?#\\"));
    }

    protected override Task<IAlertStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IAlertStore>(CosmosStores.Alert(server.NewDatabase(time), time));
}
