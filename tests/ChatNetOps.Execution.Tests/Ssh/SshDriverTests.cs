namespace ChatNetOps.Execution.Tests.Ssh;

using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;

/// <summary>Every platform driver against the simulator behind a real sshd.</summary>
[Collection(SshdCollection.Name)]
public sealed class SshDriverTests(SshdFixture sshd)
{
    [Fact]
    public async Task Linux_RunsEachCommandOnAnExecChannel()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.Linux);
        using var harness = new SshHarness();

        var result = await harness.RunAsync(sim, "uptime", "uname -a", "vtysh -c \"show ip ospf neighbor\"");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(0, result.ReturnCode);
        Assert.Null(result.Error);
        Assert.Contains("$ uptime\n", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("load average", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("Linux jump-01", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("10.255.0.1        1 Full/DR", result.RawOutput, StringComparison.Ordinal);
        Assert.Equal(3, CountLines(sim.SimLog, "session exec"));
    }

    [Fact]
    public async Task Linux_NonZeroExitStatus_IsFailedWithThatReturnCode()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.Linux);
        using var harness = new SshHarness();

        var result = await harness.RunAsync(sim, "uptime", "no-such-tool --now", "uname -a");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal(127, result.ReturnCode);
        Assert.Contains("command 2 of 3 ('no-such-tool --now') failed", result.Error, StringComparison.Ordinal);
        Assert.Contains("load average", result.RawOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("uname", result.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CiscoIos_DisablesPagingForTheSessionAndReturnsTranscript()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoIos);
        using var harness = new SshHarness();

        var result = await harness.RunAsync(sim, "show ip ospf neighbor", "show version");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.StartsWith("acc-sw-01#show ip ospf neighbor\n", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("10.255.0.1        1   FULL/DR", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("acc-sw-01#show version\n", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("Configuration register is 0x102", result.RawOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("More", result.RawOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("command terminal length 0", sim.SimLog, StringComparison.Ordinal);
        Assert.Contains("command terminal width 511", sim.SimLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CiscoIos_InvalidInput_IsFailedAndStopsTheRun()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoIos);
        using var harness = new SshHarness();

        var result = await harness.RunAsync(sim, "show ip ospf neighbor", "show ip bogus", "show version");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal(1, result.ReturnCode);
        Assert.Contains("% Invalid input detected at '^' marker.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("show version", sim.SimLog, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sh", "% Incomplete command.")]
    [InlineData("sh ip", "% Ambiguous command")]
    public async Task CiscoIos_IncompleteOrAmbiguous_IsFailed(string command, string expected)
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoIos);
        using var harness = new SshHarness();

        var result = await harness.RunAsync(sim, command);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CiscoIos_ConfigModeRunbook_FollowsConfigPromptsAndChangesState()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoIos);
        using var harness = new SshHarness();
        harness.Credentials.Add(sim.Device.CredentialRef, sim.PasswordCredential);

        var result = await harness.Executor.ExecuteAsync(
            SshHarness.Plan(sim.Device, RunbookMode.StateChanging, TimeSpan.FromSeconds(30), "configure terminal", "interface GigabitEthernet1/0/12", "shutdown", "end"),
            CancellationToken.None);
        var after = await harness.RunAsync(sim, "show interfaces GigabitEthernet1/0/12");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Contains("acc-sw-01(config)#interface GigabitEthernet1/0/12\n", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("acc-sw-01(config-if)#shutdown\n", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("GigabitEthernet1/0/12 is administratively down", after.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CiscoNxos_ClearedOspfNeighbour_IsGoneAndComesBack()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoNxos, mode: "ospf-recover 30");
        using var harness = new SshHarness();

        var before = await harness.RunAsync(sim, "show ip ospf neighbors");
        var cleared = await harness.RunAsync(sim, "clear ip ospf neighbor 10.255.0.11", "show ip ospf neighbors", "show system resources");

        Assert.Equal(ExecutionStatus.Succeeded, before.Status);
        Assert.Contains("dist-sw-01# show ip ospf neighbors\n", before.RawOutput, StringComparison.Ordinal);
        Assert.Contains(" 10.255.0.11       1 FULL/DR", before.RawOutput, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.Succeeded, cleared.Status);
        Assert.Contains("Total number of neighbors: 1", cleared.RawOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(" 10.255.0.11 ", cleared.RawOutput, StringComparison.Ordinal);
        Assert.Contains("Current memory status: OK", cleared.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CiscoNxos_InvalidCommand_IsFailed()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoNxos);
        using var harness = new SshHarness();

        var result = await harness.RunAsync(sim, "show ip ospf neighbor");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Contains("% Invalid command at '^' marker.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FortiOS_PagesWithSpaceAndNeverChangesConsoleConfig()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.FortiOS, mode: "page 10");
        using var harness = new SshHarness();

        var result = await harness.RunAsync(sim, "get system status", "diagnose sys session list");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.StartsWith("fw-edge-01 # get system status\n", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("Last reboot reason: warm reboot", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("total session 4", result.RawOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("--More--", result.RawOutput, StringComparison.Ordinal);

        // Every line of the paged output arrived once, in order.
        var lines = result.RawOutput.Split('\n');
        Assert.Single(lines, l => l.StartsWith("Serial-Number:", StringComparison.Ordinal));
        Assert.True(Array.FindIndex(lines, l => l.StartsWith("Version:", StringComparison.Ordinal)) < Array.FindIndex(lines, l => l.StartsWith("Last reboot reason:", StringComparison.Ordinal)));
        Assert.DoesNotContain("config system console", sim.SimLog, StringComparison.Ordinal);
        Assert.DoesNotContain("command terminal", sim.SimLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FortiOS_WithVdom_RunsInsideTheVdomPrompt()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.FortiOS, vdoms: true);
        using var harness = new SshHarness();
        var device = sim.Device with { Vdom = "root" };

        var result = await harness.RunAsync(sim, device, "get router info ospf neighbor", "get vpn ipsec tunnel summary");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Contains("fw-edge-01 (root) # get router info ospf neighbor\n", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("10.255.0.2        1   Full/DR", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("'hq-dc1' 203.0.113.10:0", result.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FortiOS_VdomDeviceWithoutVdomInInventory_FailsWithCommandFail()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.FortiOS, vdoms: true);
        using var harness = new SshHarness();

        var result = await harness.RunAsync(sim, "get router info ospf neighbor");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Contains("Command fail. Return code -61", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FortiOS_UnknownVdom_IsFailedWithAHint()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.FortiOS, vdoms: true);
        using var harness = new SshHarness();

        var result = await harness.RunAsync(sim, sim.Device with { Vdom = "nope" }, "get system status");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Contains("could not enter VDOM 'nope'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FortiOS_UnknownAction_IsFailed()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.FortiOS);
        using var harness = new SshHarness();

        var result = await harness.RunAsync(sim, "diagnose sys session filter bogus 1");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Contains("Unknown action 0", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Platform.FortiOS, "get system status", "set password ENC")]
    [InlineData(Platform.CiscoIos, "show version", "snmp-server community Sup3rS3cretComm RO")]
    [InlineData(Platform.Linux, "uptime", "BEGIN OPENSSH PRIVATE KEY")]
    public async Task SecretsMode_RawOutputKeepsWhatTheDevicePrinted(Platform platform, string command, string secret)
    {
        var sim = await sshd.CreateDeviceAsync(platform, mode: "secrets");
        using var harness = new SshHarness();

        var result = await harness.RunAsync(sim, command);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Contains(secret, result.RawOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Platform.FortiOS, "Command fail")]
    [InlineData(Platform.CiscoIos, "% Invalid input")]
    [InlineData(Platform.CiscoNxos, "% Invalid command")]
    [InlineData(Platform.Linux, "command not found")]
    public async Task ErrorMode_EveryPlatformReportsFailure(Platform platform, string expected)
    {
        var sim = await sshd.CreateDeviceAsync(platform, mode: "error");
        using var harness = new SshHarness();

        var result = await harness.RunAsync(sim, "show version");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.NotEqual(0, result.ReturnCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    private static int CountLines(string text, string marker) =>
        text.Split('\n').Count(l => l.Contains(marker, StringComparison.Ordinal));
}
