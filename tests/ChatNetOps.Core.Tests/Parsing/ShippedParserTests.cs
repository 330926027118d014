namespace ChatNetOps.Core.Tests.Parsing;

using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Inventory.Loading;
using ChatNetOps.Core.Parsing;
using ChatNetOps.Core.Tests.Inventory;

/// <summary>
/// Every shipped runbook parser against output fixtures, one or more per platform, including the odd cases: no
/// neighbours, a wrapped line, pager remnants (<c>--More--</c> erased by backspaces or a carriage return), CRLF
/// endings, older FRR without the Up Time column, error text, and a field that is not of its type.
/// The fixtures (Parsing/Fixtures) are written for these tests in the shapes the vendors document and the public
/// ntc-templates test fixtures show (IOS/IOS-XE and NX-OS <c>show ip ospf neighbor(s)</c> and <c>show interface</c>,
/// FortiOS 7.x <c>get router info ospf neighbor</c>, <c>get vpn ipsec tunnel summary</c>, <c>diagnose sys session list</c>,
/// FRR <c>show ip ospf neighbor</c>, iproute2 <c>ip -s link</c>), with documentation addresses.
/// </summary>
public sealed class ShippedParserTests
{
    private static readonly InventoryCatalog Catalog = InventoryLoader.Load(SampleInventory.Directory).Catalog
        ?? throw new InvalidOperationException("the shipped inventory does not load");

    [Theory]
    [InlineData("verify-ospf", "cisco_ios", "full", Verdict.Ok, 3, "3/3 neighbours up")]
    [InlineData("verify-ospf", "cisco_ios", "wrapped-paged", Verdict.Problem, 3, "1/3 neighbours up — 192.0.2.14 EXSTART on TenGigabitEthernet1/1/1, 192.0.2.15 INIT on Vlan20")]
    [InlineData("verify-ospf", "cisco_ios", "none", Verdict.Problem, 0, "no OSPF neighbours")]
    [InlineData("verify-ospf", "cisco_nxos", "full", Verdict.Ok, 2, "2/2 neighbours up")]
    [InlineData("verify-ospf", "cisco_nxos", "one-down", Verdict.Problem, 2, "1/2 neighbours up — 192.0.2.23 INIT on Vlan30")]
    [InlineData("verify-ospf", "cisco_nxos", "none", Verdict.Problem, 0, "no OSPF neighbours")]
    [InlineData("verify-ospf", "fortios", "full", Verdict.Ok, 2, "2/2 neighbours up")]
    [InlineData("verify-ospf", "fortios", "paged-exstart", Verdict.Problem, 2, "1/2 neighbours up — 192.0.2.3 ExStart on port3")]
    [InlineData("verify-ospf", "fortios", "none", Verdict.Problem, 0, "no OSPF neighbours")]
    [InlineData("verify-ospf", "linux", "full", Verdict.Ok, 2, "2/2 neighbours up")]
    [InlineData("verify-ospf", "linux", "older-frr", Verdict.Problem, 2, "1/2 neighbours up — 192.0.2.33 Init on eth1:10.30.1.2")]
    [InlineData("verify-ospf", "linux", "none", Verdict.Problem, 0, "no OSPF neighbours")]
    [InlineData("ospf-fleet-check", "cisco_nxos", "one-down", Verdict.Problem, 2, "1/2 neighbours up — 192.0.2.23 INIT on Vlan30")]
    [InlineData("interface-counters", "cisco_ios", "clean", Verdict.Ok, 1, "GigabitEthernet1/0/1 is up: 0 input errors, 0 output errors")]
    [InlineData("interface-counters", "cisco_ios", "crc", Verdict.Warning, 1, "GigabitEthernet1/0/5 is up: 1204 input errors, 0 output errors")]
    [InlineData("interface-counters", "cisco_ios", "admin-down", Verdict.Problem, 1, "GigabitEthernet1/0/7 is down: 0 input errors, 0 output errors")]
    [InlineData("interface-counters", "cisco_nxos", "clean", Verdict.Ok, 1, "Ethernet1/1 is up: 0 input errors, 0 output errors")]
    [InlineData("interface-counters", "cisco_nxos", "admin-down", Verdict.Problem, 1, "Ethernet1/9 is down: 0 input errors, 0 output errors")]
    [InlineData("interface-counters", "fortios", "clean", Verdict.Ok, 1, "port1 is up: 0 input errors, 0 output errors")]
    [InlineData("interface-counters", "linux", "errors", Verdict.Warning, 1, "eth1 is UP: 17 input errors, 0 output errors")]
    [InlineData("interface-counters", "linux", "down", Verdict.Problem, 1, "eth1 is DOWN: 0 input errors, 0 output errors")]
    [InlineData("firewall-sessions", "fortios", "two", Verdict.Ok, 2, "2 sessions listed")]
    [InlineData("firewall-sessions", "fortios", "none", Verdict.Ok, 0, "no session matches the filter")]
    [InlineData("vpn-status", "fortios", "one-down", Verdict.Problem, 3, "2 of 3 tunnels up — to-dc-02 0/1 selectors up")]
    [InlineData("vpn-status", "fortios", "none", Verdict.Warning, 0, "no IPsec tunnel listed")]
    [InlineData("system-status", "fortios", "busy", Verdict.Warning, 1, "fw-edge-01: v7.2.8, up 41 days,  3 hours,  12 minutes")]
    [InlineData("system-status", "cisco_ios", "ok", Verdict.Ok, 1, "acc-sw-01: 17.09.04a, up 3 weeks, 2 days, 4 hours, 12 minutes")]
    [InlineData("system-status", "cisco_nxos", "ok", Verdict.Ok, 1, "dist-sw-01: 10.3(5), up 12 day(s), 3 hour(s), 4 minute(s), 5 second(s)")]
    [InlineData("system-status", "linux", "ok", Verdict.Ok, 1, "jump-01: 6.1.0-18-amd64, up 12 days,  3:04")]
    [InlineData("clear-ospf-neighbor", "cisco_nxos", "quiet", Verdict.Ok, 0, "neighbour reset; run verify-ospf to see it re-form")]
    [InlineData("clear-ospf-neighbor", "cisco_nxos", "complaint", Verdict.Warning, 1, "the device printed 1 line(s)")]
    [InlineData("bounce-interface", "cisco_ios", "quiet", Verdict.Ok, 0, "interface bounced; the device printed nothing")]
    [InlineData("bounce-interface", "cisco_nxos", "quiet", Verdict.Ok, 0, "interface bounced; the device printed nothing")]
    [InlineData("enable-interface", "cisco_ios", "quiet", Verdict.Ok, 0, "interface enabled; the device printed nothing")]
    [InlineData("enable-interface", "cisco_nxos", "no-such-port", Verdict.Warning, 4, "the device printed 4 line(s) — ^, % Invalid range at '^' marker., ^, +1 more")]
    public void ShippedParser_ReadsFixture(string runbook, string platform, string fixture, Verdict verdict, int rows, string summary)
    {
        // ospf-fleet-check shares verify-ospf's parser (a YAML anchor) and so its fixtures.
        var parsed = Parse(runbook, platform, $"{(runbook == "ospf-fleet-check" ? "verify-ospf" : runbook)}.{platform}.{fixture}");

        Assert.True(parsed.Recognised, parsed.Reason);
        Assert.Equal(summary, parsed.Summary);
        Assert.Equal(verdict, parsed.Verdict);
        Assert.Equal(rows, parsed.Rows.Count);
    }

    [Theory]
    [InlineData("verify-ospf", "cisco_ios", "verify-ospf.cisco_ios.error", "no line matched")]
    [InlineData("verify-ospf", "cisco_ios", "verify-ospf.cisco_ios.bad-field", "'192.0.2.311' is not a valid ipv4 for field neighbor_id")]
    [InlineData("verify-ospf", "linux", "verify-ospf.linux.no-daemon", "no line matched")]
    [InlineData("interface-counters", "fortios", "interface-counters.fortios.not-found", "no line matched")]
    public void ShippedParser_UnrecognisedOutput_IsNeverGreen(string runbook, string platform, string fixture, string reason)
    {
        var parsed = Parse(runbook, platform, fixture);

        Assert.False(parsed.Recognised);
        Assert.Equal(Verdict.Warning, parsed.Verdict);
        Assert.Equal("output not recognised; raw output below", parsed.Summary);
        Assert.Empty(parsed.Rows);
        Assert.Contains(reason, parsed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OspfParser_WrappedAndPagedLines_AreJoinedIntoTheirRows()
    {
        var parsed = Parse("verify-ospf", "cisco_ios", "verify-ospf.cisco_ios.wrapped-paged");

        // Problem rows first, in output order; the wrapped interface joins its row; the pager's --More-- is erased.
        Assert.Equal(["192.0.2.14", "192.0.2.15", "192.0.2.11"], parsed.Rows.Select(r => r.Values["neighbor_id"]));
        Assert.Equal("TenGigabitEthernet1/1/1", parsed.Rows[0].Values["interface"]);
        Assert.Equal("Vlan20", parsed.Rows[1].Values["interface"]);
        Assert.Equal("Port-channel10.100", parsed.Rows[2].Values["interface"]);
        Assert.Equal([Verdict.Problem, Verdict.Problem, Verdict.Ok], parsed.Rows.Select(r => r.Verdict));
    }

    [Fact]
    public void OspfParser_PointToPointAndDrOther_AreUp()
    {
        var parsed = Parse("verify-ospf", "cisco_ios", "verify-ospf.cisco_ios.full");

        var ptp = parsed.Rows.Single(r => r.Values["neighbor_id"] == "192.0.2.12");
        Assert.Equal("FULL", ptp.Values["state"]);
        Assert.Equal("-", ptp.Values["role"]);
        Assert.Equal("00:00:31", ptp.Values["dead_time"]);
        Assert.Equal(Verdict.Ok, parsed.Rows.Single(r => r.Values["state"] == "2WAY").Verdict);
        Assert.Equal(["neighbor_id", "state", "interface"], parsed.Show);
        Assert.Equal("neighbor_id", parsed.Key);
    }

    [Fact]
    public void FrrParser_ReadsUpTimeWhenPresent()
    {
        var current = Parse("verify-ospf", "linux", "verify-ospf.linux.full");
        var older = Parse("verify-ospf", "linux", "verify-ospf.linux.older-frr");

        Assert.Equal("2d01h13m", current.Rows[0].Values["up_time"]);
        Assert.Equal("36.512s", current.Rows[0].Values["dead_time"]);
        Assert.DoesNotContain(older.Rows, r => r.Values.ContainsKey("up_time"));
    }

    [Fact]
    public void SessionParser_TakesTheOriginalDirectionTuple()
    {
        var parsed = Parse("firewall-sessions", "fortios", "firewall-sessions.fortios.two");

        Assert.Equal(
            [("10.1.1.10", "52344", "198.51.100.7", "443", "12"), ("10.1.1.20", "5353", "10.1.1.255", "5353", "3")],
            parsed.Rows.Select(r => (r.Values["src"], r.Values["sport"], r.Values["dst"], r.Values["dport"], r.Values["policy"])));
    }

    [Fact]
    public void CounterParser_ThousandsSeparators_AreNumbers()
    {
        var parsed = Parse("interface-counters", "cisco_ios", "interface-counters.cisco_ios.crc");

        Assert.Equal("1204", parsed.Rows[0].Values["crc"]);
        Assert.Equal("7", parsed.Rows[0].Values["resets"]);
    }

    [Fact]
    public void EveryShippedRunbook_HasAParserForEveryTargetPlatform()
    {
        Assert.All(Catalog.Runbooks, runbook =>
        {
            Assert.NotNull(runbook.Parser);
            Assert.Equal(runbook.Platforms.Order(), runbook.Parser!.Platforms.Keys.Order());
        });
    }

    [Fact]
    public void EveryShippedParser_HasAFixture()
    {
        var fixtures = Directory.GetFiles(FixtureDirectory, "*.txt").Select(Path.GetFileName).ToList();
        Assert.All(Catalog.Runbooks.Where(r => r.Name != "ospf-fleet-check"), runbook =>
            Assert.All(runbook.Platforms, platform =>
                Assert.Contains(fixtures, f => f!.StartsWith($"{runbook.Name}.{platform.ToName()}.", StringComparison.Ordinal))));
    }

    private static string FixtureDirectory => Path.Combine(AppContext.BaseDirectory, "Parsing", "Fixtures");

    private static ParsedOutput Parse(string runbook, string platform, string fixture)
    {
        var parser = Catalog.FindRunbook(runbook)?.Parser ?? throw new InvalidOperationException($"{runbook} has no parser");
        var text = File.ReadAllText(Path.Combine(FixtureDirectory, fixture + ".txt"));
        return parser.Parse(PlatformNames.ParsePlatform(platform), text) ?? throw new InvalidOperationException($"{runbook} has no {platform} parser");
    }
}
