namespace ChatNetOps.Inventory.NetBox.Tests;

using ChatNetOps.Core.Inventory.Sources;
using ChatNetOps.Testing.Inventory;

/// <summary>Reading the device list of the NetBox / Nautobot stand-in: paging, mapping, both token schemes, and refusals.</summary>
public sealed class DeviceListSourceTests
{
    [Fact]
    public async Task Fetch_SeveralPages_FollowsNextUntilItIsNull()
    {
        await using var h = await SourceHarness.StartAsync();
        for (var i = 1; i <= 5; i++)
        {
            h.StandIn.Add($"nb-sw-0{i}");
        }

        var devices = await h.Source().FetchAsync(CancellationToken.None);

        Assert.Equal(["nb-sw-01", "nb-sw-02", "nb-sw-03", "nb-sw-04", "nb-sw-05"], devices.Select(d => d.Name));
        var offsets = h.StandIn.Requests.Select(r => System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + r.PathAndQuery).Query)["offset"] ?? "none").ToArray();
        Assert.Equal(["0", "2", "4"], offsets);
        Assert.All(h.StandIn.Requests, r => Assert.Contains("exclude=config_context", r.PathAndQuery, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fetch_MapsFieldsAndCustomFields_IntoDevicesYamlVocabulary()
    {
        await using var h = await SourceHarness.StartAsync();
        var device = h.StandIn.Add("nb-core-01", platform: "cisco-nx-os", address: "198.51.100.7/31");
        device.Role = "core";
        device.Site = "fra2";
        device.Tags.Add("chatops");
        device.CustomFields["chatnetops_credential_ref"] = "nxos-netops";
        device.CustomFields["chatnetops_host_key_fingerprint"] = "SHA256:X1gLYzh5LBLPyONpwkzSfqJk0L3mOp0Odtqmf4BBCgw";
        device.CustomFields["chatnetops_transport"] = "ssh";
        device.CustomFields["chatnetops_via"] = "jump-01";
        device.CustomFields["chatnetops_session_limit"] = 3;
        device.CustomFields["chatnetops_port"] = 2222;
        device.CustomFields["unrelated"] = null!;

        var mapped = Assert.Single(await h.Source().FetchAsync(CancellationToken.None));

        Assert.Equal("1", mapped.Id);
        Assert.Equal("cisco_nxos", mapped.Platform);
        Assert.Equal("198.51.100.7", mapped.Address);
        Assert.Equal(2222, mapped.Port);
        Assert.Equal("fra2", mapped.Site);
        Assert.Equal(["core", "chatops"], mapped.Groups);
        Assert.Equal("nxos-netops", mapped.CredentialRef);
        Assert.Equal("SHA256:X1gLYzh5LBLPyONpwkzSfqJk0L3mOp0Odtqmf4BBCgw", mapped.HostKeyFingerprint);
        Assert.Equal("ssh", mapped.Transport);
        Assert.Equal("jump-01", mapped.Via);
        Assert.Equal(3, mapped.SessionLimit);
        Assert.Null(mapped.Problem);
    }

    [Fact]
    public async Task Fetch_NullPlatformOrAddress_IsMappedWithWhatIsMissing()
    {
        await using var h = await SourceHarness.StartAsync();
        h.StandIn.Add("no-platform").Platform = null;
        h.StandIn.Add("no-address").Address = null;
        h.StandIn.Add("junos-box", platform: "juniper-junos");
        h.StandIn.Add(null);

        var devices = await h.Source().FetchAsync(CancellationToken.None);

        Assert.Null(devices[0].Platform);
        Assert.Null(devices[0].Problem);
        Assert.Contains("no primary IPv4 address", devices[1].Problem, StringComparison.Ordinal);
        Assert.Contains("platform 'juniper-junos' has no mapping; add it to Inventory:Source:NetBox:PlatformMap", devices[2].Problem, StringComparison.Ordinal);
        Assert.Null(devices[3].Name);
    }

    [Theory]
    [InlineData(NetBoxStandIn.V1Token, "Token")]
    [InlineData(NetBoxStandIn.V2Token, "Bearer")]
    public async Task Fetch_EitherTokenForm_IsSentWithItsScheme(string token, string scheme)
    {
        await using var h = await SourceHarness.StartAsync();
        h.StandIn.Add("nb-sw-01");
        h.Options.Token = token;

        var devices = await h.Source().FetchAsync(CancellationToken.None);

        Assert.Single(devices);
        Assert.Equal(scheme, Assert.Single(h.StandIn.Requests).Scheme);
    }

    [Fact]
    public async Task Fetch_WrongToken_IsRefusedWithTheSourcesAnswer()
    {
        await using var h = await SourceHarness.StartAsync();
        h.StandIn.Add("nb-sw-01");
        h.Options.Token = "nbt_wrongwrongwr.0000000000000000000000000000000000000000";

        var e = await Assert.ThrowsAsync<InventorySourceException>(() => h.Source().FetchAsync(CancellationToken.None));

        Assert.Contains("refused the token (403: Invalid v1/v2 token); check Inventory:Source:NetBox:Token", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrongwrong", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_NextWithoutTrailingSlash_FollowsTheSites302WithTheToken()
    {
        await using var h = await SourceHarness.StartAsync();
        h.StandIn.Add("nb-sw-01");
        h.StandIn.Add("nb-sw-02");
        h.StandIn.Add("nb-sw-03");
        h.StandIn.NextWithoutSlash = true;

        var devices = await h.Source().FetchAsync(CancellationToken.None);

        Assert.Equal(3, devices.Count);
        var requests = h.StandIn.Requests.ToArray();
        Assert.Contains(requests, r => r.PathAndQuery.StartsWith("/api/dcim/devices?", StringComparison.Ordinal));
        Assert.All(requests, r => Assert.Equal("Token", r.Scheme));
    }

    [Fact]
    public async Task Fetch_NextPointingToAnotherHost_IsRefused_AndTheTokenNeverGoesThere()
    {
        await using var h = await SourceHarness.StartAsync();
        await using var elsewhere = await NetBoxStandIn.StartAsync();
        h.StandIn.Add("nb-sw-01");
        h.StandIn.Add("nb-sw-02");
        h.StandIn.Add("nb-sw-03");
        h.StandIn.RewriteNext = next => next is null ? null : elsewhere.Url + "/api/dcim/devices/?limit=2&offset=2";

        var e = await Assert.ThrowsAsync<InventorySourceException>(() => h.Source().FetchAsync(CancellationToken.None));

        Assert.Contains("'next' points away from", e.Message, StringComparison.Ordinal);
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public async Task Fetch_NextLoopingBack_IsRefused()
    {
        await using var h = await SourceHarness.StartAsync();
        h.StandIn.Add("nb-sw-01");
        h.StandIn.Add("nb-sw-02");
        h.StandIn.Add("nb-sw-03");
        var first = h.Source();
        h.StandIn.RewriteNext = next => next?.Replace("offset=2", "offset=0", StringComparison.Ordinal);

        var e = await Assert.ThrowsAsync<InventorySourceException>(() => first.FetchAsync(CancellationToken.None));

        Assert.Contains("'next' leads back to a page already read", e.Message, StringComparison.Ordinal);
        Assert.True(h.StandIn.Requests.Count <= 3);
    }

    [Fact]
    public async Task Fetch_MorePagesThanAllowed_IsRefused()
    {
        await using var h = await SourceHarness.StartAsync();
        for (var i = 0; i < 7; i++)
        {
            h.StandIn.Add($"nb-sw-{i}");
        }

        h.Options.MaxPages = 2;

        var e = await Assert.ThrowsAsync<InventorySourceException>(() => h.Source().FetchAsync(CancellationToken.None));

        Assert.Contains("more than 2 pages", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, h.StandIn.Requests.Count);
    }

    [Fact]
    public async Task Fetch_SourceGoingAwayMidListing_FailsTheWholeListing()
    {
        await using var h = await SourceHarness.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            h.StandIn.Add($"nb-sw-{i}");
        }

        h.StandIn.DropAtPage = 2;

        var e = await Assert.ThrowsAsync<InventorySourceException>(() => h.Source().FetchAsync(CancellationToken.None));

        Assert.StartsWith($"NetBox {h.StandIn.Url}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_Filters_AreSentAsTheApisQueryParameters_AndInactiveDevicesAreNotListed()
    {
        await using var h = await SourceHarness.StartAsync();
        h.StandIn.Add("nb-sw-01").Tags.Add("chatops");
        var offline = h.StandIn.Add("nb-sw-02");
        offline.Tags.Add("chatops");
        offline.Status = "offline";
        h.StandIn.Add("nb-sw-03");
        h.Options.Tags = ["chatops"];
        h.Options.Roles = ["access-switch"];
        h.Options.Sites = ["ams1"];

        var devices = await h.Source().FetchAsync(CancellationToken.None);

        Assert.Equal(["nb-sw-01"], devices.Select(d => d.Name));
        var query = Assert.Single(h.StandIn.Requests).PathAndQuery;
        Assert.Contains("status=active", query, StringComparison.Ordinal);
        Assert.Contains("tag=chatops", query, StringComparison.Ordinal);
        Assert.Contains("role=access-switch", query, StringComparison.Ordinal);
        Assert.Contains("site=ams1", query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nautobot_UuidsLocationsAndDepth1Objects_AreMapped()
    {
        await using var h = await SourceHarness.StartAsync(nautobot: true);
        var device = h.StandIn.Add("nt-rtr-01", platform: "cisco_ios", address: "203.0.113.9/32");
        device.Role = "Core Routers";
        device.Site = "Frankfurt DC";
        device.CustomFields["chatnetops_session_limit"] = "2";
        h.Options.Sites = ["Frankfurt DC"];

        var mapped = Assert.Single(await h.Source().FetchAsync(CancellationToken.None));

        Assert.Equal(device.Uuid, mapped.Id);
        Assert.Equal("cisco_ios", mapped.Platform);
        Assert.Equal("203.0.113.9", mapped.Address);
        Assert.Equal("Frankfurt DC", mapped.Site);
        Assert.Equal(["core-routers"], mapped.Groups);
        Assert.Equal(2, mapped.SessionLimit);
        var query = Assert.Single(h.StandIn.Requests);
        Assert.Contains("depth=1", query.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("location=Frankfurt%20DC", query.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("status=Active", query.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal("Token", query.Scheme);
    }

    [Fact]
    public async Task Fetch_FiveThousandDevices_AreReadInFivePagesOfTheMaximumSize()
    {
        await using var h = await SourceHarness.StartAsync();
        for (var i = 0; i < 5000; i++)
        {
            h.StandIn.Add($"nb-sw-{i:D4}", address: $"10.{i / 256 % 256}.{i % 256}.1/24");
        }

        h.Options.PageSize = 1000;

        var devices = await h.Source().FetchAsync(CancellationToken.None);

        Assert.Equal(5000, devices.Count);
        Assert.Equal(5000, devices.Select(d => d.Id).Distinct().Count());
        Assert.Equal(5, h.StandIn.Requests.Count);
    }

    [Fact]
    public void Source_WithCredentialsInTheUrlOrNoToken_IsAStartupError()
    {
        using var http = new HttpClient(new SocketsHttpHandler());
        var logger = Microsoft.Extensions.Logging.Abstractions.NullLogger<DeviceListSource>.Instance;

        var url = Assert.Throws<InvalidOperationException>(() => new DeviceListSource(http, new SourceOptions { Url = "https://user:pw@netbox.example.com", Token = NetBoxStandIn.V1Token }, SourceFlavor.NetBox, logger));
        var token = Assert.Throws<InvalidOperationException>(() => new DeviceListSource(http, new SourceOptions { Url = "https://netbox.example.com", Token = " " }, SourceFlavor.NetBox, logger));

        Assert.Contains("Inventory:Source:NetBox:Url", url.Message, StringComparison.Ordinal);
        Assert.Contains("Inventory:Source:NetBox:Token is required", token.Message, StringComparison.Ordinal);
    }

}
