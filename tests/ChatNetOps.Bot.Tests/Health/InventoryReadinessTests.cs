namespace ChatNetOps.Bot.Tests.Health;

using System.Net;
using System.Text.Json;
using ChatNetOps.Core.Inventory.Sources;
using ChatNetOps.Testing.Inventory;
using Microsoft.Extensions.DependencyInjection;

/// <summary>/readyz with a NetBox source (the stand-in): ready while fresh; ready but degraded, saying since when, while stale.</summary>
public sealed class InventoryReadinessTests
{
    [Fact]
    public async Task Readyz_WithAReachableSource_IsHealthyAndDescribesTheSnapshot()
    {
        await using var netbox = await NetBoxStandIn.StartAsync();
        netbox.Add("nb-sw-01");
        using var factory = Factory(netbox);
        using var client = factory.CreateClient();
        await factory.Services.GetRequiredService<InventoryRefresher>().RefreshAsync(CancellationToken.None);

        var (status, body) = await ReadyAsync(client);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var data = body.GetProperty("checks").GetProperty("backends").GetProperty("data");
        Assert.StartsWith($"NetBox {netbox.Url}: 1 devices, snapshot of ", data.GetProperty("inventorySource").GetString(), StringComparison.Ordinal);
        Assert.Contains("10 devices", data.GetProperty("inventory").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_WhileTheSourceIsUnreachable_StaysReadyButDegraded_SayingSinceWhen()
    {
        await using var netbox = await NetBoxStandIn.StartAsync();
        netbox.Add("nb-sw-01");
        using var factory = Factory(netbox);
        using var client = factory.CreateClient();
        var refresher = factory.Services.GetRequiredService<InventoryRefresher>();
        await refresher.RefreshAsync(CancellationToken.None);
        netbox.DropAtPage = 1;
        await refresher.RefreshAsync(CancellationToken.None);

        var (status, body) = await ReadyAsync(client);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", body.GetProperty("status").GetString());
        var check = body.GetProperty("checks").GetProperty("backends");
        Assert.Contains($"inventory is stale: NetBox {netbox.Url}: stale, serving snapshot of ", check.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("refresh failing since ", check.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("10 devices", check.GetProperty("data").GetProperty("inventory").GetString(), StringComparison.Ordinal);
    }

    private static BotFactory Factory(NetBoxStandIn netbox)
    {
        var factory = new BotFactory();
        factory.Settings["Inventory:Source:NetBox:Url"] = netbox.Url;
        factory.Settings["Inventory:Source:NetBox:Token"] = NetBoxStandIn.V1Token;
        factory.Settings["Inventory:Source:NetBox:DefaultCredentialRef"] = "netops";
        factory.Settings["Inventory:Source:NetBox:DefaultTransport"] = "lab";
        return factory;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }
}
