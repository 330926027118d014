namespace ChatNetOps.Core.Tests.Inventory;

using ChatNetOps.Core.Inventory.Loading;

public sealed class RunbookVersionTests
{
    private static string VersionOf(string directory, string runbook) =>
        InventoryLoader.LoadOrThrow(directory).FindRunbook(runbook)!.Version;

    [Fact]
    public void Version_IsStableAcrossLoads_AndDiffersBetweenRunbooks()
    {
        Assert.Equal(VersionOf(SampleInventory.Directory, "bounce-interface"), VersionOf(SampleInventory.Directory, "bounce-interface"));
        Assert.NotEqual(VersionOf(SampleInventory.Directory, "bounce-interface"), VersionOf(SampleInventory.Directory, "clear-ospf-neighbor"));
    }

    [Theory]
    [InlineData("clear ip ospf neighbor {neighbor}", "clear ip ospf neighbor {neighbor} vrf default")]
    [InlineData("groups: [distribution]", "groups: [distribution, core]")]
    [InlineData("Router id or address of the OSPF neighbour to reset.\n", "Router id or address of the OSPF neighbour to reset.\n        max_length: 15\n")]
    public void Version_ChangesWhenCommandsScopeOrInputsChange(string find, string replacement)
    {
        using var inventory = new TempInventory().Replace("runbooks.yaml", find, replacement);

        Assert.NotEqual(VersionOf(SampleInventory.Directory, "clear-ospf-neighbor"), VersionOf(inventory.Directory, "clear-ospf-neighbor"));
    }

    [Fact]
    public void Version_IgnoresProse()
    {
        using var inventory = new TempInventory().Replace("runbooks.yaml", "Reset the OSPF adjacency", "Reset (carefully) the OSPF adjacency");

        Assert.Equal(VersionOf(SampleInventory.Directory, "clear-ospf-neighbor"), VersionOf(inventory.Directory, "clear-ospf-neighbor"));
    }
}
