namespace ChatNetOps.Execution.Tests.Lab;

using System.Text.RegularExpressions;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.Lab;

public sealed partial class LabExecutorTests
{
    [Theory]
    [InlineData(Platform.FortiOS, "get router info ospf neighbor", "fw-edge-01 # get router info ospf neighbor\n")]
    [InlineData(Platform.CiscoIos, "show ip ospf neighbor", "acc-sw-01#show ip ospf neighbor\n")]
    [InlineData(Platform.CiscoNxos, "show ip ospf neighbors", "dist-sw-01# show ip ospf neighbors\n")]
    [InlineData(Platform.Linux, "vtysh -c \"show ip ospf neighbor\"", "netops@jump-01:~$ vtysh -c \"show ip ospf neighbor\"\n")]
    public async Task ExecuteAsync_EchoesEachCommandAfterThePlatformPrompt(Platform platform, string command, string echo)
    {
        var harness = new LabHarness();
        var device = LabHarness.DeviceFor(platform);

        var result = await harness.RunAsync(device, command);

        Assert.StartsWith(echo, result.RawOutput, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(0, result.ReturnCode);
        Assert.Equal(device.Name, result.Device);
    }

    [Theory]
    [InlineData(Platform.FortiOS, "get router info ospf neighbor", "Full/")]
    [InlineData(Platform.CiscoIos, "show ip ospf neighbor", "FULL/")]
    [InlineData(Platform.CiscoNxos, "show ip ospf neighbors", "FULL/")]
    [InlineData(Platform.Linux, "vtysh -c \"show ip ospf neighbor\"", "Full/")]
    public async Task OspfNeighbors_HaveTwoOrThreeFullAdjacencies(Platform platform, string command, string full)
    {
        var harness = new LabHarness();

        var result = await harness.RunAsync(LabHarness.DeviceFor(platform), command);

        var count = Regex.Count(result.RawOutput, Regex.Escape(full));
        Assert.InRange(count, 2, 3);
    }

    [Fact]
    public async Task ClearOspfNeighbor_KeepsThatNeighbourListedButNotFullUntilRecovery_ThenItIsFullAgain()
    {
        var harness = new LabHarness(o => o.OspfRecovery = TimeSpan.FromSeconds(30));
        var device = LabHarness.DeviceFor(Platform.CiscoNxos);
        var neighbor = harness.Lab(device).Neighbors[0];
        var other = harness.Lab(device).Neighbors[1];
        var total = harness.Lab(device).Neighbors.Count;

        var clear = await harness.RunAsync(device, $"clear ip ospf neighbor {neighbor.RouterId}");
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        var during = await harness.RunAsync(device, "show ip ospf neighbors");
        harness.Time.Advance(TimeSpan.FromSeconds(26));
        var after = await harness.RunAsync(device, "show ip ospf neighbors");

        Assert.Equal(0, clear.ReturnCode);
        // Re-forming, it is still in the table (a real router lists it DOWN, then INIT …), never FULL and never missing.
        Assert.Matches($"{Regex.Escape(neighbor.RouterId)} +[0-9]+ DOWN/", during.RawOutput);
        Assert.DoesNotMatch($"{Regex.Escape(neighbor.RouterId)} +[0-9]+ FULL/", during.RawOutput);
        Assert.Contains($"Total number of neighbors: {total}\n", during.RawOutput, StringComparison.Ordinal);
        Assert.Matches($"{Regex.Escape(other.RouterId)} +1 FULL/", during.RawOutput);
        Assert.Matches($"{Regex.Escape(neighbor.RouterId)} +[0-9]+ FULL/", after.RawOutput);
    }

    [Theory]
    [InlineData(Platform.FortiOS, "get router info ospf neighbor")]
    [InlineData(Platform.CiscoIos, "show ip ospf neighbor")]
    [InlineData(Platform.CiscoNxos, "show ip ospf neighbors")]
    [InlineData(Platform.Linux, "vtysh -c \"show ip ospf neighbor\"")]
    public async Task ClearedNeighbour_IsListedAndNotFull_AtEverySecondOfItsRecovery(Platform platform, string show)
    {
        var harness = new LabHarness(o => o.OspfRecovery = TimeSpan.FromSeconds(40));
        var device = LabHarness.DeviceFor(platform);
        var rid = Regex.Escape(harness.Lab(device).Neighbors[0].RouterId);
        harness.Lab(device).ResetOspf(null, harness.Time.GetUtcNow(), harness.Options.OspfRecovery);

        var states = new List<string>();
        for (var second = 0; second < 40; second++)
        {
            var listed = await harness.RunAsync(device, show);
            var row = Regex.Match(listed.RawOutput, $"^ *{rid} +[0-9]+ +(?<state>[A-Za-z]+)/", RegexOptions.Multiline);
            Assert.True(row.Success, $"{second} s into the recovery the neighbour is missing:\n{listed.RawOutput}");
            states.Add(row.Groups["state"].Value.ToUpperInvariant());
            harness.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var full = await harness.RunAsync(device, show);

        Assert.DoesNotContain("FULL", states);
        Assert.Equal(["DOWN", "INIT", "EXSTART", "EXCHANGE", "LOADING"], states.Distinct());
        Assert.Matches($"(?m)^ *{rid} +[0-9]+ +(FULL|Full)/", full.RawOutput);
    }

    [Fact]
    public async Task ClearOspf_WalksDownInitExStartToFull_NeverLeavingTheTable()
    {
        var harness = new LabHarness(o => o.OspfRecovery = TimeSpan.FromSeconds(100));
        var device = LabHarness.DeviceFor(Platform.CiscoIos);
        var rid = Regex.Escape(harness.Lab(device).Neighbors[0].RouterId);

        await harness.RunAsync(device, "clear ip ospf process");
        var down = await harness.RunAsync(device, "show ip ospf neighbor");
        harness.Time.Advance(TimeSpan.FromSeconds(20));
        var stillDown = await harness.RunAsync(device, "show ip ospf neighbor");
        harness.Time.Advance(TimeSpan.FromSeconds(40));
        var init = await harness.RunAsync(device, "show ip ospf neighbor");
        harness.Time.Advance(TimeSpan.FromSeconds(20));
        var exstart = await harness.RunAsync(device, "show ip ospf neighbor");
        harness.Time.Advance(TimeSpan.FromSeconds(20));
        var full = await harness.RunAsync(device, "show ip ospf neighbor");

        Assert.Matches($"{rid} +1 +DOWN/", down.RawOutput);
        Assert.Matches($"{rid} +1 +DOWN/", stillDown.RawOutput);
        Assert.Matches($"{rid} +1 +INIT/", init.RawOutput);
        Assert.Matches($"{rid} +1 +EXSTART/", exstart.RawOutput);
        Assert.Matches($"{rid} +1 +FULL/", full.RawOutput);
    }

    [Theory]
    [InlineData(Platform.FortiOS, "diagnose hardware deviceinfo nic port1", "Rx Pkts +:([0-9]+)")]
    [InlineData(Platform.CiscoIos, "show interfaces GigabitEthernet1/0/1", "([0-9]+) packets input")]
    [InlineData(Platform.CiscoNxos, "show interface Ethernet1/1", "([0-9]+) input packets")]
    [InlineData(Platform.Linux, "ip -s link show eth0", "RX: +bytes.*\\n +[0-9]+ +([0-9]+)")]
    public async Task InterfaceCounters_GrowWithTheClock(Platform platform, string command, string packets)
    {
        var harness = new LabHarness();
        var device = LabHarness.DeviceFor(platform);

        var first = await harness.RunAsync(device, command);
        var same = await harness.RunAsync(device, command);
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        var later = await harness.RunAsync(device, command);

        long Read(string output) => long.Parse(Regex.Match(output, packets).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Read(first.RawOutput), Read(same.RawOutput));
        Assert.True(Read(later.RawOutput) > Read(first.RawOutput), $"counters did not move:\n{first.RawOutput}\n{later.RawOutput}");
    }

    [Theory]
    [InlineData(Platform.CiscoIos, "GigabitEthernet1/0/5", "show interfaces GigabitEthernet1/0/5", "GigabitEthernet1/0/5 is administratively down")]
    [InlineData(Platform.CiscoNxos, "Ethernet1/5", "show interface Ethernet1/5", "Ethernet1/5 is down (Administratively down)")]
    public async Task Bounce_ShutFlipsAdminStateAndNoShutRestoresIt(Platform platform, string iface, string show, string downText)
    {
        var harness = new LabHarness();
        var device = LabHarness.DeviceFor(platform);

        var shut = await harness.RunAsync(device, "configure terminal", $"interface {iface}", "shutdown", "end", show);
        var isDown = !harness.Lab(device).FindInterface(iface)!.AdminUp;
        var bounce = await harness.RunAsync(device, "configure terminal", $"interface {iface}", "shutdown", "no shutdown", "end", show);

        Assert.Equal(0, shut.ReturnCode);
        Assert.True(isDown);
        Assert.Contains(downText, shut.RawOutput, StringComparison.Ordinal);
        Assert.Equal(0, bounce.ReturnCode);
        Assert.True(harness.Lab(device).FindInterface(iface)!.AdminUp);
        Assert.Contains($"{iface} is up", bounce.RawOutput, StringComparison.Ordinal);
        Assert.Contains($"{device.Name}(config-if)#", bounce.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bounce_AcceptsAbbreviatedInterfaceNamesAndCountsAReset()
    {
        var harness = new LabHarness();
        var device = LabHarness.DeviceFor(Platform.CiscoIos);
        var before = harness.Lab(device).FindInterface("GigabitEthernet1/0/2")!.Resets;

        var result = await harness.RunAsync(device, "conf t", "int gi1/0/2", "shut", "no shut", "end");

        Assert.Equal(0, result.ReturnCode);
        Assert.Equal(before + 1, harness.Lab(device).FindInterface("GigabitEthernet1/0/2")!.Resets);
    }

    [Fact]
    public async Task ShutdownOutsideInterfaceMode_IsInvalidInput()
    {
        var harness = new LabHarness();

        var result = await harness.RunAsync(LabHarness.DeviceFor(Platform.CiscoIos), "configure terminal", "shutdown");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Contains("% Invalid input detected at '^' marker.", result.RawOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Platform.CiscoIos, "show ip bgp summary", "% Invalid input detected at '^' marker.", 1)]
    [InlineData(Platform.CiscoNxos, "show ip bgp summary", "% Invalid command at '^' marker.", 1)]
    [InlineData(Platform.FortiOS, "get router info bgp summary", "Command fail. Return code -61", -61)]
    [InlineData(Platform.FortiOS, "frobnicate now", "Unknown action 0", 1)]
    [InlineData(Platform.Linux, "ifconfig eth0", "bash: ifconfig: command not found", 127)]
    [InlineData(Platform.Linux, "vtysh -c \"show bgp summary\"", "% Unknown command: show bgp summary", 1)]
    public async Task UnknownCommand_FailsWithThePlatformsErrorText(Platform platform, string command, string error, int returnCode)
    {
        var harness = new LabHarness();

        var result = await harness.RunAsync(LabHarness.DeviceFor(platform), command);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal(returnCode, result.ReturnCode);
        Assert.Contains(error, result.RawOutput, StringComparison.Ordinal);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public async Task InvalidInput_PutsTheMarkerUnderTheFirstUnknownWord()
    {
        var harness = new LabHarness();

        var result = await harness.RunAsync(LabHarness.DeviceFor(Platform.CiscoIos), "show ip bgp summary");

        var lines = result.RawOutput.Split('\n');
        Assert.Equal(lines[0].IndexOf("bgp", StringComparison.Ordinal), lines[1].IndexOf('^', StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Platform.CiscoIos, "show interfaces GigabitEthernet9/0/9", "% Invalid input detected at '^' marker.", 1)]
    [InlineData(Platform.CiscoNxos, "show interface Ethernet9/99", "% Invalid range at '^' marker.", 1)]
    [InlineData(Platform.FortiOS, "diagnose hardware deviceinfo nic port99", "Command fail. Return code -61", -61)]
    [InlineData(Platform.Linux, "ip -s link show eth9", "Device \"eth9\" does not exist.", 1)]
    public async Task UnknownInterface_FailsWithThePlatformsErrorText(Platform platform, string command, string error, int returnCode)
    {
        var harness = new LabHarness();

        var result = await harness.RunAsync(LabHarness.DeviceFor(platform), command);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal(returnCode, result.ReturnCode);
        Assert.Contains(error, result.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailingCommand_StopsTheRunSoLaterCommandsAreNotSent()
    {
        var harness = new LabHarness();
        var device = LabHarness.DeviceFor(Platform.CiscoIos);

        var result = await harness.RunAsync(device, "configure terminal", "interface GigabitEthernet9/0/9", "shutdown", "end");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.DoesNotContain("shutdown", result.RawOutput, StringComparison.Ordinal);
        Assert.All(harness.Lab(device).Interfaces.Where(i => !i.Name.EndsWith("/11", StringComparison.Ordinal)), i => Assert.True(i.AdminUp));
    }

    [Fact]
    public async Task SessionFilter_ListsOnlyMatchingSessions()
    {
        var harness = new LabHarness();
        var device = LabHarness.DeviceFor(Platform.FortiOS);
        var first = harness.Lab(device).Sessions[0];

        var all = await harness.RunAsync(device, "diagnose sys session filter clear", "diagnose sys session list");
        var filtered = await harness.RunAsync(device, "diagnose sys session filter clear", $"diagnose sys session filter src {first.Source}", $"diagnose sys session filter dst {first.Destination}", $"diagnose sys session filter dport {first.DestinationPort}", $"diagnose sys session filter proto {first.Protocol}", "diagnose sys session list");
        var none = await harness.RunAsync(device, "diagnose sys session filter dst 192.0.2.250", "diagnose sys session list");

        Assert.Contains($"total session {harness.Lab(device).Sessions.Count}\n", all.RawOutput, StringComparison.Ordinal);
        Assert.Contains("total session 1\n", filtered.RawOutput, StringComparison.Ordinal);
        Assert.Contains($"{first.Source}:{first.SourcePort}->{first.Destination}:{first.DestinationPort}", filtered.RawOutput, StringComparison.Ordinal);
        Assert.Contains("total session 0\n", none.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VpnSummary_ShowsSomeTunnelsUpAndOneDown()
    {
        var harness = new LabHarness();

        var result = await harness.RunAsync(LabHarness.DeviceFor(Platform.FortiOS), "get vpn ipsec tunnel summary", "diagnose vpn tunnel list name to-dc-02");

        Assert.Equal(2, Regex.Count(result.RawOutput, "selectors\\(total,up\\): 1/1"));
        Assert.Single(Regex.Matches(result.RawOutput, "selectors\\(total,up\\): 1/0"));
        Assert.Contains("name=to-dc-02", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("sa=0", result.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IpsecKeysInLabOutput_AreRemovedByTheRedactor()
    {
        var harness = new LabHarness();

        var result = await harness.RunAsync(LabHarness.DeviceFor(Platform.FortiOS), "diagnose vpn tunnel list name to-branch-01");
        var redacted = Core.Execution.OutputRedactor.Redact(result.RawOutput);

        Assert.Equal(4, redacted.Count);
        Assert.DoesNotMatch("key=(16|20) [0-9a-f]{8}", redacted.Text);
    }

    [Fact]
    public async Task Latency_IsAwaitedOnTheInjectedClock()
    {
        var harness = new LabHarness(o => o.Latency = TimeSpan.FromMilliseconds(150));
        var device = LabHarness.DeviceFor(Platform.CiscoIos);

        var run = harness.Executor.ExecuteAsync(LabHarness.Plan(device, ["show version"]), CancellationToken.None);
        Assert.False(run.IsCompleted);
        harness.Time.Advance(TimeSpan.FromMilliseconds(149));
        Assert.False(run.IsCompleted);
        harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(TimeSpan.FromMilliseconds(150), result.FinishedAt - result.StartedAt);
    }

    [Fact]
    public async Task PerDeviceLatency_OverridesTheDefault()
    {
        var harness = new LabHarness(o => o.Devices["fw-edge-02"] = new LabDeviceOptions { Latency = TimeSpan.FromSeconds(5) });
        var slow = LabHarness.Device("fw-edge-02", Platform.FortiOS);

        var run = harness.Executor.ExecuteAsync(LabHarness.Plan(slow, ["get system status"]), CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(run.IsCompleted);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
    }

    [Fact]
    public async Task Timeout_YieldsTimedOutWithThePartialOutput()
    {
        var harness = new LabHarness(o => o.Latency = TimeSpan.FromMilliseconds(400));
        var device = LabHarness.DeviceFor(Platform.CiscoIos);
        string[] commands = ["show clock", "show version", "show ip ospf neighbor", "show ip interface brief", "show interfaces GigabitEthernet1/0/1"];

        var run = harness.Executor.ExecuteAsync(LabHarness.Plan(device, commands, TimeSpan.FromSeconds(1)), CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.NotEqual(0, result.ReturnCode);
        Assert.Contains("acc-sw-01#show clock\n", result.RawOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("show interfaces GigabitEthernet1/0/1", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("timed out", result.Error, StringComparison.Ordinal);
        Assert.StartsWith("runbook timed out after 1 s; ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerCancellation_Throws()
    {
        var harness = new LabHarness(o => o.Latency = TimeSpan.FromSeconds(1));
        using var cts = new CancellationTokenSource();

        var run = harness.Executor.ExecuteAsync(LabHarness.Plan(LabHarness.DeviceFor(Platform.Linux), ["uptime"]), cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task DeviceConfiguredToFail_FailsEveryRun_OthersSucceed()
    {
        var harness = new LabHarness(o => o.Devices["fw-edge-02"] = new LabDeviceOptions { Fail = true });

        var failing = await harness.RunAsync(LabHarness.Device("fw-edge-02", Platform.FortiOS), "get system status");
        var healthy = await harness.RunAsync(LabHarness.Device("fw-edge-01", Platform.FortiOS), "get system status");

        Assert.Equal(ExecutionStatus.Failed, failing.Status);
        Assert.Equal(LabExecutor.ConnectionFailedReturnCode, failing.ReturnCode);
        Assert.Contains("Connection refused", failing.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, failing.RawOutput);
        Assert.Equal(ExecutionStatus.Succeeded, healthy.Status);
    }

    [Fact]
    public async Task FailureRate_IsRepeatableForTheSameSeed()
    {
        static async Task<string> OutcomesAsync()
        {
            var harness = new LabHarness(o =>
            {
                o.FailureRate = 0.5;
                o.Seed = 7;
            });
            var outcomes = new System.Text.StringBuilder();
            for (var i = 0; i < 20; i++)
            {
                var result = await harness.RunAsync(LabHarness.DeviceFor(Platform.Linux), "uptime");
                outcomes.Append(result.Status == ExecutionStatus.Succeeded ? 'S' : 'F');
            }

            return outcomes.ToString();
        }

        var first = await OutcomesAsync();
        var second = await OutcomesAsync();

        Assert.Equal(first, second);
        Assert.Contains("S", first, StringComparison.Ordinal);
        Assert.Contains("F", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowCommands_AcceptAbbreviationsAndOutputModifiers()
    {
        var harness = new LabHarness();

        var result = await harness.RunAsync(LabHarness.DeviceFor(Platform.CiscoIos), "sh ip int br | i TenGig");

        Assert.Equal(0, result.ReturnCode);
        Assert.Equal(4, Regex.Count(result.RawOutput, "^TenGigabitEthernet", RegexOptions.Multiline));
        Assert.DoesNotContain("GigabitEthernet1/0/1 ", result.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimestampsComeFromTheInjectedClock()
    {
        var harness = new LabHarness();
        var now = harness.Time.GetUtcNow();

        var result = await harness.RunAsync(LabHarness.DeviceFor(Platform.FortiOS), "get system status");

        Assert.Equal(now, result.StartedAt);
        Assert.Equal(now, result.FinishedAt);
        Assert.Contains("System time: Tue Jun 3 10:00:00 2025", result.RawOutput, StringComparison.Ordinal);
    }
}
