namespace ChatNetOps.Inventory.NetBox.Tests;

using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Inventory.Loading;
using ChatNetOps.Core.Inventory.Sources;
using ChatNetOps.Testing.Inventory;

/// <summary>The catalog kept in step with the stand-in: validation, routing, merging with devices.yaml, staleness, the snapshot on disk.</summary>
public sealed class InventoryRefresherTests
{
    private const string Fingerprint = "SHA256:X1gLYzh5LBLPyONpwkzSfqJk0L3mOp0Odtqmf4BBCgw";

    [Fact]
    public async Task Refresh_ValidDevicesJoinTheCatalog_InvalidOnesAreFindingsAndCannotBeTargeted()
    {
        await using var h = await SourceHarness.StartAsync();
        h.StandIn.Add("nb-sw-01");
        h.StandIn.Add("nb-no-platform").Platform = null;
        h.StandIn.Add("nb-no-address").Address = null;
        var badKey = h.StandIn.Add("nb-bad-key");
        badKey.CustomFields["chatnetops_transport"] = "ssh";
        badKey.CustomFields["chatnetops_host_key_fingerprint"] = "SHA256:short";
        var (catalog, refresher) = h.Refresher();

        var outcome = await refresher.RefreshAsync(CancellationToken.None);

        Assert.True(outcome.Succeeded);
        var device = catalog.FindDevice("nb-sw-01")!;
        Assert.Equal(Platform.CiscoIos, device.Platform);
        Assert.Equal("192.0.2.1", device.Address);
        Assert.Equal("netops", device.CredentialRef);
        Assert.Equal("NetBox #1", catalog.OriginOf("nb-sw-01").ToString());
        Assert.NotNull(catalog.FindDevice("fw-edge-01"));
        Assert.Null(catalog.FindDevice("nb-no-platform"));
        Assert.Null(catalog.FindDevice("nb-no-address"));
        Assert.Null(catalog.FindDevice("nb-bad-key"));
        var findings = outcome.Status.Findings.Select(f => f.ToString()).ToArray();
        Assert.Contains($"NetBox {h.StandIn.Url}: device #2 'nb-no-platform': device 'nb-no-platform' is missing required key 'platform'", findings);
        Assert.Contains(findings, f => f.Contains("device #3 'nb-no-address': it has no primary IPv4 address", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains("device #4 'nb-bad-key': host_key_fingerprint of device 'nb-bad-key' must look like SHA256:", StringComparison.Ordinal));
        Assert.False(outcome.Status.Stale);
    }

    [Fact]
    public async Task Refresh_ServiceNowCiCustomField_ReachesTheDevice_AndABadOneIsAFinding()
    {
        await using var h = await SourceHarness.StartAsync();
        h.StandIn.Add("nb-sw-01").CustomFields["chatnetops_servicenow_ci"] = "ams1-nb-sw-01";
        h.StandIn.Add("nb-sw-02").CustomFields["chatnetops_servicenow_ci"] = "bad^ci";
        var (catalog, refresher) = h.Refresher();

        var outcome = await refresher.RefreshAsync(CancellationToken.None);

        Assert.True(outcome.Succeeded);
        Assert.Equal("ams1-nb-sw-01", catalog.FindDevice("nb-sw-01")!.ServiceNowCi);
        Assert.Null(catalog.FindDevice("nb-sw-02"));
        Assert.Contains(outcome.Status.Findings, f => f.ToString().Contains("device #2 'nb-sw-02': servicenow_ci of device 'nb-sw-02' must be the CI's sys_id", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refresh_ViaCustomField_IsRoutedThroughDevicesYamlsJumpHosts()
    {
        await using var h = await SourceHarness.StartAsync();
        h.StandIn.Add("nb-sw-01").CustomFields["chatnetops_via"] = "jump-01";
        h.StandIn.Add("nb-sw-02").CustomFields["chatnetops_via"] = "jump-99";
        var (catalog, refresher) = h.Refresher();

        var outcome = await refresher.RefreshAsync(CancellationToken.None);

        Assert.Equal(["jump-01"], catalog.FindDevice("nb-sw-01")!.Via.Select(j => j.Name));
        Assert.Null(catalog.FindDevice("nb-sw-02"));
        Assert.Contains(outcome.Status.Findings, f => f.Message == "device #2 'nb-sw-02': via of device 'nb-sw-02' names unknown jump host 'jump-99'; declare it under jump_hosts or use via: direct");
    }

    [Fact]
    public async Task Refresh_OnlyNewOrChangedDevicesAreValidatedAgain()
    {
        await using var h = await SourceHarness.StartAsync();
        for (var i = 0; i < 6; i++)
        {
            h.StandIn.Add($"nb-sw-{i}");
        }

        var (catalog, refresher) = h.Refresher();
        await refresher.RefreshAsync(CancellationToken.None);
        Assert.Equal(6, refresher.LastValidated);

        await refresher.RefreshAsync(CancellationToken.None);
        Assert.Equal(0, refresher.LastValidated);

        h.StandIn.Devices[2].Address = "192.0.2.99/24";
        h.StandIn.Devices[2].LastUpdated = "2026-02-02T00:00:00Z";
        var changed = await refresher.RefreshAsync(CancellationToken.None);

        Assert.Equal(1, refresher.LastValidated);
        Assert.Equal("192.0.2.99", catalog.FindDevice("nb-sw-2")!.Address);
        Assert.Equal(6, changed.Status.SourceDevices);
    }

    [Fact]
    public async Task Refresh_SourceGoingAwayMidRefresh_KeepsTheLastGoodSnapshot_AndSaysItIsStaleSinceWhen()
    {
        await using var h = await SourceHarness.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            h.StandIn.Add($"nb-sw-{i}");
        }

        var (catalog, refresher) = h.Refresher();
        var good = await refresher.RefreshAsync(CancellationToken.None);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        h.StandIn.Devices.RemoveAt(0);
        h.StandIn.DropAtPage = 2;

        var failed = await refresher.RefreshAsync(CancellationToken.None);

        Assert.False(failed.Succeeded);
        Assert.NotNull(catalog.FindDevice("nb-sw-0"));
        Assert.Equal(5, catalog.Devices.Count(d => !catalog.OriginOf(d.Name).IsLocal));
        var status = catalog.Source!;
        Assert.True(status.Stale);
        Assert.Equal(good.Status.FetchedAt, status.FetchedAt);
        Assert.Equal(h.Time.GetUtcNow(), status.FailingSince);
        Assert.Contains("stale, serving snapshot of 2026-11-23 09:00:00Z; refresh failing since 2026-11-23 09:05:00Z", status.Describe(), StringComparison.Ordinal);
        Assert.Equal("Inventory from NetBox is stale: details as of 2026-11-23 09:00:00Z, source unreachable since 2026-11-23 09:05:00Z.", status.StaleNote());

        h.StandIn.DropAtPage = null;
        h.Time.Advance(TimeSpan.FromMinutes(5));
        var recovered = await refresher.RefreshAsync(CancellationToken.None);

        Assert.True(recovered.Succeeded);
        Assert.False(catalog.Source!.Stale);
        Assert.Null(catalog.Source.FailingSince);
        Assert.Null(catalog.FindDevice("nb-sw-0"));
    }

    [Fact]
    public async Task Restart_WhileTheSourceIsDown_ServesTheSnapshotFromDisk_MarkedStale()
    {
        await using var h = await SourceHarness.StartAsync();
        h.StandIn.Add("nb-sw-01");
        var (_, first) = h.Refresher();
        await first.RefreshAsync(CancellationToken.None);
        Assert.True(File.Exists(h.SnapshotPath));
        h.StandIn.DropAtPage = 1;

        var (catalog, second) = h.Refresher();
        Assert.Null(catalog.FindDevice("nb-sw-01"));
        Assert.True(await second.LoadSnapshotAsync(stale: true, CancellationToken.None));
        var failed = await second.RefreshAsync(CancellationToken.None);

        Assert.False(failed.Succeeded);
        Assert.NotNull(catalog.FindDevice("nb-sw-01"));
        Assert.True(catalog.Source!.Stale);
        Assert.Equal(h.Time.GetUtcNow(), catalog.Source.FetchedAt);
    }

    [Fact]
    public async Task RemovedOrInactiveDevice_CanNoLongerBeTargeted_AndSaysWhy()
    {
        await using var h = await SourceHarness.StartAsync();
        h.StandIn.Add("nb-sw-01");
        h.StandIn.Add("nb-sw-02");
        var (catalog, refresher) = h.Refresher();
        await refresher.RefreshAsync(CancellationToken.None);
        h.StandIn.Devices[0].Status = "offline";
        h.StandIn.Devices.RemoveAt(1);

        await refresher.RefreshAsync(CancellationToken.None);

        Assert.Null(catalog.FindDevice("nb-sw-01"));
        Assert.Null(catalog.FindDevice("nb-sw-02"));
        Assert.StartsWith("NetBox no longer lists it (removed, not active, or outside the configured filters)", catalog.WithdrawnReason("nb-sw-01"), StringComparison.Ordinal);
        Assert.StartsWith("device nb-sw-02 is no longer in the inventory (NetBox no longer lists it", InventoryProvenance.Unavailable(catalog, "nb-sw-02"), StringComparison.Ordinal);
        var validation = InputValidator.Validate(catalog.FindRunbook("system-status")!, new Dictionary<string, string> { ["device"] = "nb-sw-01" }, catalog);
        Assert.Equal("unknown device 'nb-sw-01'", Assert.Single(validation.Errors).Message);
    }

    [Fact]
    public async Task LocalDevice_OverridesTheSourcesDeviceOfTheSameName_AndADifferenceIsAWarning()
    {
        await using var h = await SourceHarness.StartAsync();
        h.StandIn.Add("acc-sw-01", address: "198.51.100.250/24");
        h.StandIn.Add("nb-sw-01");
        h.StandIn.Add("nb-sw-01");
        var (catalog, refresher) = h.Refresher();

        var outcome = await refresher.RefreshAsync(CancellationToken.None);

        var local = catalog.LocalDevices.Single(d => d.Name == "acc-sw-01");
        Assert.Same(local, catalog.FindDevice("acc-sw-01"));
        Assert.Matches(@"^devices\.yaml:\d+ \(overrides NetBox #1\)$", catalog.OriginOf("acc-sw-01").ToString());
        var conflict = Assert.Single(outcome.Status.Findings, f => f.Severity == DiagnosticSeverity.Warning);
        Assert.StartsWith("devices.yaml:", conflict.ToString(), StringComparison.Ordinal);
        Assert.Equal("device 'acc-sw-01' overrides NetBox device #1, which differs in address (198.51.100.250 there), credential_ref (netops there); the devices.yaml entry is used", conflict.Message);
        Assert.Contains(outcome.Status.Findings, f => f.Message == "device #3 'nb-sw-01': has the same name as NetBox device #2; only that one is used");
    }

    [Fact]
    public async Task Provenance_RecordsTheSnapshotAndWhatTheCatalogBelievedAboutEachTarget()
    {
        await using var h = await SourceHarness.StartAsync();
        var device = h.StandIn.Add("nb-sw-01");
        device.CustomFields["chatnetops_via"] = "jump-01";
        var (catalog, refresher) = h.Refresher();
        var outcome = await refresher.RefreshAsync(CancellationToken.None);

        var details = InventoryProvenance.Describe(catalog, ["nb-sw-01", "fw-edge-01"]).ToDictionary();

        Assert.Equal($"NetBox {h.StandIn.Url}", details["inventory.source"]);
        Assert.Equal(outcome.Status.Version, details["inventory.snapshot"]);
        Assert.Equal("2026-11-23T09:00:00.0000000+00:00", details["inventory.fetchedAt"]);
        Assert.Equal("NetBox #1 (updated 2026-01-02T03:04:05.000000Z) cisco_ios 192.0.2.1:22 lab via jump-01", details["inventory.device.nb-sw-01"]);
        Assert.Matches(@"^devices\.yaml:\d+ fortios 192\.0\.2\.11:22 lab$", details["inventory.device.fw-edge-01"]);
        Assert.False(details.ContainsKey("inventory.stale"));
    }

    [Fact]
    public async Task Snapshot_WrittenByAnotherProcess_IsPickedUpAsFresh()
    {
        await using var h = await SourceHarness.StartAsync();
        h.StandIn.Add("nb-sw-01");
        var (catalog, refresher) = h.Refresher();
        h.StandIn.DropAtPage = 1;
        await refresher.RefreshAsync(CancellationToken.None);
        Assert.True(catalog.Source!.Stale);

        h.StandIn.DropAtPage = null;
        var (_, cli) = h.Refresher();
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await cli.RefreshAsync(CancellationToken.None);
        Assert.True(await refresher.LoadSnapshotAsync(stale: false, CancellationToken.None));

        Assert.NotNull(catalog.FindDevice("nb-sw-01"));
        Assert.False(catalog.Source!.Stale);
    }
}
