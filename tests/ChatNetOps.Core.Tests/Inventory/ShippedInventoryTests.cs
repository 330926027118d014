namespace ChatNetOps.Core.Tests.Inventory;

using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Inventory.Loading;
using ChatNetOps.Core.Policy;

public sealed class ShippedInventoryTests
{
    private static readonly InventoryLoadResult Result = InventoryLoader.Load(SampleInventory.Directory);

    private static InventoryCatalog Catalog => Result.Catalog ?? throw new InvalidOperationException(string.Join('\n', Result.Diagnostics));

    [Fact]
    public void ShippedInventory_LoadsWithZeroDiagnostics()
    {
        Assert.Empty(Result.Diagnostics.Select(d => d.ToString()));
        Assert.NotNull(Result.Catalog);
    }

    [Fact]
    public void ShippedInventory_HasTheSampleLab()
    {
        Assert.Equal(
            ["acc-sw-01", "acc-sw-02", "acc-sw-03", "core-rtr-01", "dist-sw-01", "dist-sw-02", "fw-edge-01", "fw-edge-02", "jump-01"],
            Catalog.Devices.Select(d => d.Name).Order(StringComparer.Ordinal));
        Assert.All(Catalog.Devices, d => Assert.Equal(Transport.Lab, d.Transport));
        Assert.Equal("root", Catalog.FindDevice("fw-edge-01")!.Vdom);
        Assert.Equal(Platform.CiscoNxos, Catalog.FindDevice("DIST-SW-01")!.Platform);
        Assert.Contains("edge-firewalls", Catalog.Groups);
    }

    [Fact]
    public void ShippedRunbooks_HaveAnAliasForTheirRawCommandOnEveryPlatformTheyTarget()
    {
        // ospf-fleet-check sends verify-ospf's commands to a group: one raw line points at one runbook (verify-ospf),
        // whose hint names the fleet check for a whole group.
        foreach (var runbook in Catalog.Runbooks.Where(r => r.Name != "ospf-fleet-check"))
        {
            foreach (var platform in runbook.Platforms)
            {
                Assert.True(
                    runbook.Commands[platform].Any(line => runbook.Aliases.Any(a => line == a || line.StartsWith(a + " ", StringComparison.Ordinal))),
                    $"{runbook.Name} has no alias for its {platform.ToName()} commands ({string.Join("; ", runbook.Commands[platform])}); aliases: {string.Join(", ", runbook.Aliases)}");
            }
        }

        Assert.Empty(Catalog.FindRunbook("ospf-fleet-check")!.Aliases);
        Assert.Contains("show ip ospf neighbor", Catalog.FindRunbook("verify-ospf")!.Aliases);
    }

    [Fact]
    public void ShippedInventory_HasTheRequiredRunbooks()
    {
        foreach (var name in new[] { "verify-ospf", "interface-counters", "firewall-sessions", "vpn-status", "clear-ospf-neighbor", "bounce-interface", "system-status" })
        {
            Assert.NotNull(Catalog.FindRunbook(name));
        }

        var bounce = Catalog.FindRunbook("bounce-interface")!;
        Assert.True(bounce.IsStateChanging);
        Assert.True(bounce.Approval.Required);
        Assert.NotEqual(ChannelRequirement.Any, bounce.Channel);
        Assert.Equal(["configure terminal", "interface {interface}", "shutdown", "no shutdown", "end"], bounce.Commands[Platform.CiscoIos]);
        Assert.Equal(16, bounce.Version.Length);
    }

    [Fact]
    public void ShippedPolicy_ExercisesTheRules()
    {
        var policy = Catalog.Policy;
        var pat = policy.FindMember(ChatPlatform.Teams, "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE")!;
        var sam = policy.FindMember(ChatPlatform.Teams, "bbbbbbbb-bbbb-cccc-dddd-eeeeeeeeeeee")!;
        var erin = policy.FindMemberById("erin")!;
        var alice = policy.FindMember(ChatPlatform.Slack, "U0ALICE0001")!;
        var bounce = Catalog.FindRunbook("bounce-interface")!;
        var ospf = Catalog.FindRunbook("verify-ospf")!;
        var accessSwitch = Catalog.FindDevice("acc-sw-01")!;
        var router = Catalog.FindDevice("core-rtr-01")!;

        Assert.Equal("Pat Tester", pat.DisplayName);
        Assert.True(policy.IsGranted(pat, GrantAction.Run, bounce, accessSwitch, ChannelKind.Incident));
        Assert.False(policy.IsGranted(pat, GrantAction.Run, bounce, accessSwitch, ChannelKind.Group));
        Assert.True(policy.IsGranted(sam, GrantAction.Approve, bounce, accessSwitch, ChannelKind.Incident));
        Assert.False(policy.IsGranted(sam, GrantAction.Run, bounce, accessSwitch, ChannelKind.Incident));
        Assert.True(policy.IsGranted(alice, GrantAction.Run, ospf, router, ChannelKind.Console));
        Assert.False(policy.IsGranted(alice, GrantAction.Run, bounce, accessSwitch, ChannelKind.Incident));
        Assert.False(policy.IsGranted(erin, GrantAction.Run, ospf, router, ChannelKind.Direct));
        Assert.Contains(policy.ApproversFor(bounce, accessSwitch, ChannelKind.Incident, "pat"), m => m.Id == "sam");
        Assert.Equal(ChannelKind.Incident, policy.FindBinding(ChatPlatform.Teams, "19:channelprobe@thread.tacv2", new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero))!.Kind);
    }

    [Fact]
    public void LoadOrThrow_ShippedInventory_ReturnsCatalog()
    {
        Assert.Equal(Catalog.Runbooks.Count, InventoryLoader.LoadOrThrow(SampleInventory.Directory).Runbooks.Count);
    }
}
