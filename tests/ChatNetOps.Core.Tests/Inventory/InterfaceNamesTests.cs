namespace ChatNetOps.Core.Tests.Inventory;

using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Inventory.Loading;

/// <summary>Interface names typed the short way are read in the platform's own spelling before validation.</summary>
public sealed class InterfaceNamesTests
{
    private static readonly InventoryCatalog Catalog = InventoryLoader.LoadOrThrow(SampleInventory.Directory);

    [Theory]
    [InlineData(Platform.CiscoIos, "gi1/0/1", "GigabitEthernet1/0/1")]
    [InlineData(Platform.CiscoIos, "Gig1/0/1", "GigabitEthernet1/0/1")]
    [InlineData(Platform.CiscoIos, "Gi 1/0/1", "GigabitEthernet1/0/1")]
    [InlineData(Platform.CiscoIos, "gigabitethernet1/0/1", "GigabitEthernet1/0/1")]
    [InlineData(Platform.CiscoIos, "GIGABITETHERNET1/0/1", "GigabitEthernet1/0/1")]
    [InlineData(Platform.CiscoIos, "GigabitEthernet1/0/1", "GigabitEthernet1/0/1")]
    [InlineData(Platform.CiscoIos, "te1/1/1", "TenGigabitEthernet1/1/1")]
    [InlineData(Platform.CiscoIos, "Ten1/1/1", "TenGigabitEthernet1/1/1")]
    [InlineData(Platform.CiscoIos, "fo1/1/1", "FortyGigabitEthernet1/1/1")]
    [InlineData(Platform.CiscoIos, "hu1/0/49", "HundredGigE1/0/49")]
    [InlineData(Platform.CiscoIos, "HundredGigabitEthernet1/0/49", "HundredGigE1/0/49")]
    [InlineData(Platform.CiscoIos, "twe1/0/1", "TwentyFiveGigE1/0/1")]
    [InlineData(Platform.CiscoIos, "tw1/0/1", "TwoGigabitEthernet1/0/1")]
    [InlineData(Platform.CiscoIos, "fa0/1", "FastEthernet0/1")]
    [InlineData(Platform.CiscoIos, "po1", "Port-channel1")]
    [InlineData(Platform.CiscoIos, "port-channel1", "Port-channel1")]
    [InlineData(Platform.CiscoIos, "vl10", "Vlan10")]
    [InlineData(Platform.CiscoIos, "lo0", "Loopback0")]
    [InlineData(Platform.CiscoIos, "tu100", "Tunnel100")]
    [InlineData(Platform.CiscoIos, "gi1/0/1.100", "GigabitEthernet1/0/1.100")]
    [InlineData(Platform.CiscoNxos, "eth1/1", "Ethernet1/1")]
    [InlineData(Platform.CiscoNxos, "e1/1", "Ethernet1/1")]
    [InlineData(Platform.CiscoNxos, "Ethernet1/1", "Ethernet1/1")]
    [InlineData(Platform.CiscoNxos, "po10", "port-channel10")]
    [InlineData(Platform.CiscoNxos, "Port-Channel10", "port-channel10")]
    [InlineData(Platform.CiscoNxos, "lo0", "loopback0")]
    [InlineData(Platform.CiscoNxos, "vlan10", "Vlan10")]
    [InlineData(Platform.CiscoNxos, "mgmt0", "mgmt0")]
    [InlineData(Platform.FortiOS, "Port1", "port1")]
    [InlineData(Platform.FortiOS, "PORT1", "port1")]
    [InlineData(Platform.FortiOS, "WAN1", "wan1")]
    [InlineData(Platform.FortiOS, "Internal", "internal")]
    [InlineData(Platform.FortiOS, "To-DC-02", "To-DC-02")]
    [InlineData(Platform.Linux, "ETH0", "ETH0")]
    [InlineData(Platform.Linux, "eth0", "eth0")]
    public void Normalise_ReadsTheNameInThePlatformsSpelling(Platform platform, string typed, string expected) =>
        Assert.Equal(expected, InterfaceNames.Normalise(platform, typed));

    [Theory]
    [InlineData(Platform.CiscoIos, "g1/0/1")]
    [InlineData(Platform.CiscoIos, "t1/0/1")]
    [InlineData(Platform.CiscoIos, "Gx1/0/1")]
    [InlineData(Platform.CiscoNxos, "gi1/0/1")]
    [InlineData(Platform.CiscoIos, "gi;reload")]
    [InlineData(Platform.CiscoIos, " gi1/0/1")]
    [InlineData(Platform.CiscoIos, "gi1/0/1\n")]
    [InlineData(Platform.CiscoIos, "gi  1/0/1")]
    [InlineData(Platform.CiscoIos, "gi\t1/0/1")]
    public void Normalise_LeavesWhatItCannotReadAlone(Platform platform, string typed) =>
        Assert.Equal(typed, InterfaceNames.Normalise(platform, typed));

    [Theory]
    [InlineData("acc-sw-01", "gi1/0/12", "GigabitEthernet1/0/12")]
    [InlineData("acc-sw-01", "Gi 1/0/12", "GigabitEthernet1/0/12")]
    [InlineData("acc-sw-01", "te1/1/1", "TenGigabitEthernet1/1/1")]
    [InlineData("dist-sw-01", "eth1/5", "Ethernet1/5")]
    [InlineData("dist-sw-01", "e1/5", "Ethernet1/5")]
    public void BounceInterface_ShortNames_AreValidatedAndKeptInFullSpelling(string device, string typed, string expected)
    {
        var result = Validate("bounce-interface", ("device", device), ("interface", typed));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(expected, result.Values["interface"]);
    }

    [Theory]
    [InlineData("fw-edge-01", "PORT1", "port1")]
    [InlineData("dist-sw-01", "po10", "port-channel10")]
    [InlineData("core-rtr-01", "lo0", "Loopback0")]
    [InlineData("jump-01", "eth0", "eth0")]
    public void InterfaceCounters_ShortNames_PerDevicePlatform(string device, string typed, string expected) =>
        Assert.Equal(expected, Validate("interface-counters", ("device", device), ("interface", typed)).Values["interface"]);

    [Theory]
    [InlineData("acc-sw-01", "Gigabitethernt1/0/5", "did you mean GigabitEthernet1/0/5?")]
    [InlineData("acc-sw-01", "Gx1/0/5", "did you mean GigabitEthernet1/0/5?")]
    [InlineData("acc-sw-01", "Gx 1/0/5", "did you mean GigabitEthernet1/0/5?")]
    [InlineData("dist-sw-01", "Ethrnet1/5", "did you mean Ethernet1/5?")]
    [InlineData("acc-sw-01", "Vlan10", "it takes names like GigabitEthernet1/0/1")]
    [InlineData("acc-sw-01", "GigabitEthernet1", "it takes names like GigabitEthernet1/0/1")]
    public void RefusedName_SaysWhatWouldBeAccepted_NotThePattern(string device, string typed, string expected)
    {
        var error = Assert.Single(Validate("bounce-interface", ("device", device), ("interface", typed)).Errors);

        Assert.Equal("interface", error.Field);
        Assert.EndsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"'{typed}' is not an interface bounce-interface accepts on ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(?:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gi1/0/1;reload")]
    [InlineData("gi1/0/1\nreload")]
    public void HostileInterface_IsStillRefusedForItsCharacters(string typed)
    {
        var error = Assert.Single(Validate("bounce-interface", ("device", "acc-sw-01"), ("interface", typed)).Errors);

        Assert.Contains("contains characters that are not allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GroupAcrossPlatforms_SameReading_IsAccepted_DifferentReading_IsRefused()
    {
        // acc-sw-01 (IOS) joins the NX-OS distribution group.
        using var inventory = new TempInventory().Replace("devices.yaml", "    groups: [access]\n", "    groups: [access, distribution]\n");
        var catalog = InventoryLoader.LoadOrThrow(inventory.Directory);
        var counters = catalog.FindRunbook("interface-counters")!;
        var runbook = counters with { Inputs = [new RunbookInput("group", InputType.DeviceGroup, true), counters.FindInput("interface")!] };

        var same = InputValidator.Validate(runbook, new Dictionary<string, string> { ["group"] = "distribution", ["interface"] = "eth1/1" }, catalog);
        var mixed = InputValidator.Validate(runbook, new Dictionary<string, string> { ["group"] = "distribution", ["interface"] = "po10" }, catalog);

        Assert.Equal("Ethernet1/1", same.Values["interface"]);
        var error = Assert.Single(mixed.Errors);
        Assert.Equal(
            "'po10' names different interfaces on the target platforms (Port-channel10 on cisco_ios, port-channel10 on cisco_nxos); run interface-counters on devices of one platform at a time",
            error.Message);
    }

    private static InputValidation Validate(string runbook, params (string Name, string Value)[] inputs) =>
        InputValidator.Validate(Catalog.FindRunbook(runbook)!, inputs.ToDictionary(i => i.Name, i => i.Value), Catalog);
}
