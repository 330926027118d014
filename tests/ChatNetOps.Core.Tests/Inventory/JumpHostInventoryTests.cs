namespace ChatNetOps.Core.Tests.Inventory;

using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Inventory.Loading;

/// <summary>
/// Jump hosts in <c>devices.yaml</c>: how each device's route is resolved (own <c>via</c>, group default, site default,
/// direct) and the lint rules for the chain (known jump hosts, no loops, pinned keys present), each at its file:line.
/// </summary>
public sealed class JumpHostInventoryTests
{
    private const string D = "devices.yaml";

    private const string SecondHop = """
        jump_hosts:
          - name: jump-dmz
            management:
              address: 203.0.113.5
            credential_ref: linux-netops
            host_key_fingerprint: SHA256:DFJQ9h3K+oz9JQNcbrNmqJoerVfMKW7xxyhVkWx4Gmc
            session_limit: 1
            via: jump-01

        """;

    [Fact]
    public void ShippedInventory_RoutesTheAccessSwitchesThroughJump01()
    {
        var catalog = InventoryLoader.LoadOrThrow(SampleInventory.Directory);

        var jump = Assert.Single(catalog.JumpHosts);
        Assert.Equal(new JumpHost("jump-01", "198.51.100.10", 22, "linux-netops", "SHA256:aQuIJKUdoBdv2NS5I8sQN34EGTwehuhXuqMc6KfiVIo", 2, 10), jump with { Description = null });
        Assert.Same(jump, catalog.FindJumpHost("JUMP-01"));
        Assert.All(catalog.DevicesInGroup("access"), d => Assert.Equal(["jump-01"], d.Via.Select(j => j.Name)));
        Assert.All(catalog.Devices.Where(d => !d.InGroup("access")), d => Assert.Empty(d.Via));
    }

    [Fact]
    public void DeviceVia_WinsOverItsGroupDefault_AndResolvesTheChainFirstHopFirst()
    {
        using var inventory = new TempInventory()
            .Replace(D, "jump_hosts:\n", SecondHop)
            .Replace(D, "    session_limit: 1\n", "    session_limit: 1\n    via: jump-dmz\n");

        var catalog = InventoryLoader.LoadOrThrow(inventory.Directory);

        Assert.Equal(["jump-01", "jump-dmz"], catalog.FindDevice("acc-sw-01")!.Via.Select(j => j.Name));
        Assert.Equal(["jump-01"], catalog.FindDevice("acc-sw-02")!.Via.Select(j => j.Name));
        Assert.Equal(1, catalog.FindJumpHost("jump-dmz")!.SessionLimit);
        Assert.Equal(JumpHost.DefaultChannelsPerSession, catalog.FindJumpHost("jump-dmz")!.ChannelsPerSession);
    }

    [Fact]
    public void ViaDirect_OverridesTheGroupDefault()
    {
        using var inventory = new TempInventory().Replace(D, "    session_limit: 1\n", "    session_limit: 1\n    via: direct\n");

        var catalog = InventoryLoader.LoadOrThrow(inventory.Directory);

        Assert.Empty(catalog.FindDevice("acc-sw-01")!.Via);
        Assert.NotEmpty(catalog.FindDevice("acc-sw-02")!.Via);
    }

    [Fact]
    public void SiteDefault_AppliesWhenNoGroupDefaultDoes_AndAGroupDefaultWinsOverIt()
    {
        using var inventory = new TempInventory()
            .Replace(D, "jump_hosts:\n", SecondHop)
            .Replace(D, "  # sites:\n  #   ams1:\n  #     via: jump-01", "  sites:\n    ams1:\n      via: jump-dmz")
            .Replace(D, "    groups: [jump-hosts]\n", "    groups: [jump-hosts]\n    via: direct\n");

        var catalog = InventoryLoader.LoadOrThrow(inventory.Directory);

        Assert.Equal(["jump-01", "jump-dmz"], catalog.FindDevice("core-rtr-01")!.Via.Select(j => j.Name));
        Assert.Equal(["jump-01"], catalog.FindDevice("acc-sw-03")!.Via.Select(j => j.Name));
        Assert.Empty(catalog.FindDevice("jump-01")!.Via);
    }

    [Theory]
    [InlineData("unknown jump host in a device's via", "    session_limit: 1\n", "    session_limit: 1\n    via: jump-99\n", "via: jump-99", 0, "via of device 'acc-sw-01' names unknown jump host 'jump-99'")]
    [InlineData("unknown jump host in a group default", "via: jump-01   # the access", "via: jump-9   # the access", "via: jump-9", 0, "via in defaults of group 'access' names unknown jump host 'jump-9'")]
    [InlineData("default for an unknown group", "  groups:\n    access:", "  groups:\n    acess:", "acess:", 0, "defaults name unknown device group 'acess'")]
    [InlineData("default for an unknown site", "  # sites:\n  #   ams1:\n  #     via: jump-01", "  sites:\n    ams9:\n      via: jump-01", "ams9:", 0, "defaults name unknown site 'ams9'")]
    [InlineData("jump host without a pinned key", "    host_key_fingerprint: SHA256:aQuIJKUdoBdv2NS5I8sQN34EGTwehuhXuqMc6KfiVIo\n    session_limit: 2 ", "    session_limit: 2 ", "description: The ams1 bastion", -1, "jump host 'jump-01' has no host_key_fingerprint; pin its SSH host key")]
    [InlineData("jump host with a malformed pin", "SHA256:aQuIJKUdoBdv2NS5I8sQN34EGTwehuhXuqMc6KfiVIo\n    session_limit: 2 ", "SHA256:nope\n    session_limit: 2 ", "SHA256:nope", 0, "host_key_fingerprint of jump host 'jump-01' must look like SHA256:")]
    [InlineData("jump host session limit below 1", "session_limit: 2 ", "session_limit: 0 ", "session_limit: 0 ", 0, "session_limit of jump host 'jump-01' must be at least 1")]
    [InlineData("channels per session out of range", "channels_per_session: 10", "channels_per_session: 0", "channels_per_session: 0", 0, "channels_per_session of jump host 'jump-01' must be between 1 and 1000")]
    [InlineData("unknown key in a jump host", "channels_per_session: 10  #", "channels_per_session: 10\n    user: root  #", "user: root", 0, "unknown key 'user' in jump host 'jump-01'")]
    [InlineData("jump host named direct", "  - name: jump-01\n    description: The ams1", "  - name: direct\n    description: The ams1", "name: direct", 0, "'direct' cannot name a jump host")]
    [InlineData("jump host via an unknown jump host", "channels_per_session: 10  #", "channels_per_session: 10\n    via: jump-00  #", "via: jump-00", 0, "via of jump host 'jump-01' names unknown jump host 'jump-00'")]
    [InlineData("jump host through itself", "channels_per_session: 10  #", "channels_per_session: 10\n    via: jump-01  #", "via: jump-01  #", 0, "jump hosts form a loop: jump-01 -> jump-01")]
    [InlineData("jump host that is another machine than the device of its name", "address: 198.51.100.10\n      port: 22\n    credential_ref: linux-netops\n    host_key", "address: 198.51.100.99\n      port: 22\n    credential_ref: linux-netops\n    host_key", "description: The ams1 bastion", -1, "jump host 'jump-01' shares its name with device 'jump-01' but not the machine (198.51.100.99:22 vs 198.51.100.10:22)")]
    [InlineData("device reached through itself", "    groups: [jump-hosts]\n", "    groups: [jump-hosts]\n    via: jump-01\n", "    via: jump-01\n", 0, "device 'jump-01' would be reached through jump host 'jump-01', which is the device itself")]
    [InlineData("malformed via on a device", "    session_limit: 1\n", "    session_limit: 1\n    via: jump 01\n", "via: jump 01", 0, "via of device 'acc-sw-01' must name a jump host or be direct")]
    public void Lint_BrokenJumpHostSetup_ReportsFileAndLine(string rule, string find, string replacement, string marker, int offset, string message)
    {
        using var inventory = new TempInventory().Replace(D, find, replacement);

        AssertReported(inventory, rule, marker, offset, message);
    }

    [Fact]
    public void Lint_JumpHostLoop_IsReportedOnceWithTheWholeLoop()
    {
        using var inventory = new TempInventory()
            .Replace(D, "jump_hosts:\n", SecondHop)
            .Replace(D, "channels_per_session: 10  #", "channels_per_session: 10\n    via: jump-dmz  #");

        var result = InventoryLoader.Load(inventory.Directory);

        var loop = Assert.Single(result.Diagnostics, d => d.Message.Contains("loop", StringComparison.Ordinal));
        Assert.Equal("jump hosts form a loop: jump-dmz -> jump-01 -> jump-dmz", loop.Message);
        Assert.Equal(LineOf(inventory, "via: jump-01\n"), loop.Line);
        Assert.Null(result.Catalog);
    }

    [Fact]
    public void Lint_ChainLongerThanMaxHops_IsReported()
    {
        var hops = string.Concat(Enumerable.Range(1, JumpHost.MaxHops).Select(i => $"""
              - name: hop-{i}
                management:
                  address: 203.0.113.{i}
                credential_ref: linux-netops
                host_key_fingerprint: SHA256:DFJQ9h3K+oz9JQNcbrNmqJoerVfMKW7xxyhVkWx4Gmc
                session_limit: 1
                via: {(i == 1 ? "jump-01" : $"hop-{i - 1}")}

            """));
        using var inventory = new TempInventory().Replace(D, "jump_hosts:\n", "jump_hosts:\n" + hops);

        AssertReported(inventory, "too many hops", $"via: hop-{JumpHost.MaxHops - 1}", 0, $"jump host 'hop-{JumpHost.MaxHops}' is {JumpHost.MaxHops + 1} hops away; at most {JumpHost.MaxHops} are allowed");
    }

    [Fact]
    public void Lint_GroupsWithDifferentDefaults_AskForTheDeviceToChoose()
    {
        using var inventory = new TempInventory()
            .Replace(D, "jump_hosts:\n", SecondHop)
            .Replace(D, "groups: [access]\n    site: ams1\n    management:\n      address: 198.51.100.32", "groups: [access, core]\n    site: ams1\n    management:\n      address: 198.51.100.32")
            .Replace(D, "  groups:\n    access:", "  groups:\n    core:\n      via: jump-dmz\n    access:");

        AssertReported(inventory, "conflicting group defaults", "name: acc-sw-02", 0, "device 'acc-sw-02' is in groups with different default jump hosts (access: jump-01, core: jump-dmz); set via: on the device");
    }

    [Fact]
    public void Lint_DuplicateJumpHost_IsReported()
    {
        using var inventory = new TempInventory().Replace(D, "jump_hosts:\n", SecondHop.Replace("jump-dmz", "JUMP-01", StringComparison.Ordinal).Replace("    via: jump-01\n", string.Empty, StringComparison.Ordinal));

        AssertReported(inventory, "duplicate jump host", "  - name: jump-01\n    description: The ams1", 0, "duplicate jump host name 'jump-01'");
    }

    private static void AssertReported(TempInventory inventory, string rule, string marker, int offset, string message)
    {
        var expectedLine = LineOf(inventory, marker) + offset;

        var result = InventoryLoader.Load(inventory.Directory);

        Assert.Null(result.Catalog);
        var expected = $"{inventory.PathOf(D)}:{expectedLine}: ";
        Assert.True(
            result.Diagnostics.Any(d => d.ToString().StartsWith(expected, StringComparison.Ordinal) && d.Message.Contains(message, StringComparison.Ordinal)),
            $"{rule}: expected '{expected}...{message}' among:\n" + string.Join('\n', result.Diagnostics));
    }

    /// <summary>The 1-based line where <paramref name="marker"/> (which may span lines) starts in devices.yaml.</summary>
    private static int LineOf(TempInventory inventory, string marker)
    {
        var text = File.ReadAllText(inventory.PathOf(D));
        var index = text.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{marker}' not in {D}");
        return text[..index].Count(c => c == '\n') + 1 + (marker.StartsWith('\n') ? 1 : 0);
    }
}
