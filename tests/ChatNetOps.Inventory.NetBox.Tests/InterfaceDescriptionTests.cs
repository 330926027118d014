namespace ChatNetOps.Inventory.NetBox.Tests;

using ChatNetOps.Core.Inventory.Sources;

/// <summary>
/// Issue 16: interface descriptions from NetBox / Nautobot (<c>/api/dcim/interfaces/</c>), for the approval card that names
/// an interface: paged, several devices per query, bounded, kept for InterfaceRefresh, and a failure keeps what was read.
/// </summary>
public sealed class InterfaceDescriptionTests
{
    [Fact]
    public async Task Fetch_ReadsTheDescriptions_SeveralDevicesPerQuery_FollowingNext()
    {
        await using var h = await SourceHarness.StartAsync();
        h.Options.InterfaceBatch = 2;
        var first = h.StandIn.Add("nb-sw-01");
        first.Interfaces.Add(("GigabitEthernet1/0/1", "uplink to dist-sw-01 Gi1/0/48"));
        first.Interfaces.Add(("GigabitEthernet1/0/2", null));
        first.Interfaces.Add(("GigabitEthernet1/0/3", "  printer room 2.14  "));
        first.Interfaces.Add(("Gi 1/0/9 (spare)", "a name devices.yaml would refuse"));
        first.Interfaces.Add(("GigabitEthernet1/0/4", new string('x', 300)));
        h.StandIn.Add("nb-sw-02").Interfaces.Add(("Ethernet1/1", "to core-rtr-01"));
        h.StandIn.Add("nb-sw-03").Interfaces.Add(("GigabitEthernet0/1", "management"));
        h.StandIn.Add("nb-no-address").Address = null;

        var devices = await h.Source().FetchAsync(CancellationToken.None);

        var one = devices.Single(d => d.Name == "nb-sw-01").Interfaces!;
        Assert.Equal(["GigabitEthernet1/0/1", "GigabitEthernet1/0/3", "GigabitEthernet1/0/4"], one.Keys);
        Assert.Equal("uplink to dist-sw-01 Gi1/0/48", one["GigabitEthernet1/0/1"]);
        Assert.Equal("printer room 2.14", one["GigabitEthernet1/0/3"]);
        Assert.Equal(200, one["GigabitEthernet1/0/4"].Length);
        Assert.Equal("to core-rtr-01", devices.Single(d => d.Name == "nb-sw-02").Interfaces!["Ethernet1/1"]);
        Assert.Equal("management", devices.Single(d => d.Name == "nb-sw-03").Interfaces!["GigabitEthernet0/1"]);
        Assert.Null(devices.Single(d => d.Name == "nb-no-address").Interfaces);

        // Devices 1 and 2 in one query (two pages of two rows, then one), device 3 in the next; the unusable device in none.
        var queries = h.StandIn.InterfaceRequests.ToArray();
        Assert.Equal(4, queries.Length);
        Assert.All(queries.Take(3), q => Assert.Contains("device_id=1&device_id=2", q, StringComparison.Ordinal));
        Assert.Equal(["offset=0", "offset=2", "offset=4"], queries.Take(3).Select(q => q.Split('&').Single(p => p.StartsWith("offset=", StringComparison.Ordinal))));
        Assert.Contains("device_id=3", queries[3], StringComparison.Ordinal);
        Assert.DoesNotContain(queries, q => q.Contains("device_id=4", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fetch_KeepsTheDescriptionsForInterfaceRefresh_ThenReadsThemAgain()
    {
        await using var h = await SourceHarness.StartAsync();
        var device = h.StandIn.Add("nb-sw-01");
        device.Interfaces.Add(("GigabitEthernet1/0/1", "uplink"));
        var source = h.Source();
        await source.FetchAsync(CancellationToken.None);
        device.Interfaces[0] = ("GigabitEthernet1/0/1", "uplink, moved to Gi1/0/2");

        h.Time.Advance(TimeSpan.FromMinutes(59));
        var cached = Assert.Single(await source.FetchAsync(CancellationToken.None));
        Assert.Equal("uplink", cached.Interfaces!["GigabitEthernet1/0/1"]);
        Assert.Single(h.StandIn.InterfaceRequests);

        h.Time.Advance(TimeSpan.FromMinutes(1));
        var reread = Assert.Single(await source.FetchAsync(CancellationToken.None));
        Assert.Equal("uplink, moved to Gi1/0/2", reread.Interfaces!["GigabitEthernet1/0/1"]);
        Assert.Equal(2, h.StandIn.InterfaceRequests.Count);
    }

    [Fact]
    public async Task AnInterfaceListThatFails_LeavesTheDeviceListStanding_WithTheDescriptionsLastRead()
    {
        await using var h = await SourceHarness.StartAsync();
        h.StandIn.Add("nb-sw-01").Interfaces.Add(("GigabitEthernet1/0/1", "uplink"));
        h.StandIn.Add("nb-sw-02").Interfaces.Add(("GigabitEthernet1/0/1", "server"));
        var source = h.Source();
        await source.FetchAsync(CancellationToken.None);

        h.StandIn.InterfacesForbidden = true;
        h.Time.Advance(TimeSpan.FromHours(2));
        var devices = await source.FetchAsync(CancellationToken.None);
        Assert.Equal(["uplink", "server"], devices.Select(d => d.Interfaces!["GigabitEthernet1/0/1"]));

        // A device never read before simply has none until the source answers again.
        h.StandIn.Add("nb-sw-03").Interfaces.Add(("GigabitEthernet1/0/1", "camera"));
        Assert.Null((await source.FetchAsync(CancellationToken.None)).Single(d => d.Name == "nb-sw-03").Interfaces);
        h.StandIn.InterfacesForbidden = false;
        Assert.Equal("camera", (await source.FetchAsync(CancellationToken.None)).Single(d => d.Name == "nb-sw-03").Interfaces!["GigabitEthernet1/0/1"]);
    }

    [Fact]
    public async Task Nautobot_FiltersByDevice_AndMatchesRowsByTheDevicesUuid()
    {
        await using var h = await SourceHarness.StartAsync(nautobot: true);
        var device = h.StandIn.Add("nauto-sw-01");
        device.Interfaces.Add(("GigabitEthernet1/0/5", "access point 3.07"));

        var mapped = Assert.Single(await h.Source().FetchAsync(CancellationToken.None));

        Assert.Equal("access point 3.07", mapped.Interfaces!["GigabitEthernet1/0/5"]);
        Assert.Contains("device=" + device.Uuid, Assert.Single(h.StandIn.InterfaceRequests), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TurnedOff_NoInterfaceIsRead()
    {
        await using var h = await SourceHarness.StartAsync();
        h.Options.InterfaceDescriptions = false;
        h.StandIn.Add("nb-sw-01").Interfaces.Add(("GigabitEthernet1/0/1", "uplink"));

        Assert.Null(Assert.Single(await h.Source().FetchAsync(CancellationToken.None)).Interfaces);
        Assert.Empty(h.StandIn.InterfaceRequests);
    }

    [Fact]
    public async Task Refresh_TheCatalogsDeviceCarriesTheDescriptions_CaseInsensitively_AndTheSnapshotKeepsThem()
    {
        await using var h = await SourceHarness.StartAsync();
        h.StandIn.Add("nb-sw-01").Interfaces.Add(("GigabitEthernet1/0/1", "uplink to dist-sw-01"));
        var (catalog, refresher) = h.Refresher();

        Assert.True((await refresher.RefreshAsync(CancellationToken.None)).Succeeded);

        var device = catalog.FindDevice("nb-sw-01")!;
        Assert.Equal("uplink to dist-sw-01", device.Interfaces["GigabitEthernet1/0/1"]);
        Assert.Equal("uplink to dist-sw-01", device.Interfaces["gigabitethernet1/0/1"]);

        h.StandIn.DropAtPage = 1;
        var (restarted, second) = h.Refresher();
        Assert.True(await second.LoadSnapshotAsync(stale: true, CancellationToken.None));
        Assert.Equal("uplink to dist-sw-01", restarted.FindDevice("nb-sw-01")!.Interfaces["GigabitEthernet1/0/1"]);
    }
}
