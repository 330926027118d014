namespace ChatNetOps.Execution.Tests.Ssh;

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.Ssh;

/// <summary>Devices that hang, drip, drop or stall the handshake end in a clean result with the partial output kept.</summary>
[Collection(SshdCollection.Name)]
public sealed class SshTimeoutTests(SshdFixture sshd)
{
    // A short command timeout is what these tests exercise; the connect timeout stays generous so a loaded CI
    // machine (sshd forks a session per connection) does not turn a command-timeout test into a connect timeout.
    private static SshExecutorOptions Short => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(15),
        CommandTimeout = TimeSpan.FromSeconds(2),
    };

    private static SshExecutorOptions ShortConnect => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(1),
        CommandTimeout = TimeSpan.FromSeconds(1),
    };

    [Theory]
    [InlineData(Platform.CiscoIos)]
    [InlineData(Platform.Linux)]
    public async Task HangingCommand_TimesOutAfterTheCommandTimeout_KeepingEarlierOutput(Platform platform)
    {
        var sim = await sshd.CreateDeviceAsync(platform, mode: "hang-on version");
        using var harness = new SshHarness(Short);
        var first = platform == Platform.Linux ? "uptime" : "show ip ospf neighbor";
        var watch = Stopwatch.StartNew();

        var result = await harness.RunAsync(sim, first, "show version");

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Equal(-1, result.ReturnCode);
        Assert.Contains("no complete answer within 2 s in command 2 of 2 ('show version')", result.Error, StringComparison.Ordinal);
        Assert.Contains(first, result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("show version", result.RawOutput, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task DrippingOutput_TimesOutWithThePartialOutput()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.FortiOS, mode: "drip 0.1");
        using var harness = new SshHarness(Short);

        var result = await harness.RunAsync(sim, "get system status");

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Contains("fw-edge-01 # get system status\n", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("drip line 1 of a command that never ends", result.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowDevice_HitsTheRunbookTimeoutBeforeAnyCommandTimeout()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoNxos, mode: "slow 0.4");
        using var harness = new SshHarness(new SshExecutorOptions { ConnectTimeout = TimeSpan.FromSeconds(5), CommandTimeout = TimeSpan.FromSeconds(5) });
        harness.Credentials.Add(sim.Device.CredentialRef, sim.PasswordCredential);

        var result = await harness.Executor.ExecuteAsync(
            SshHarness.Plan(sim.Device, RunbookMode.ReadOnly, TimeSpan.FromSeconds(3), "show version", "show system resources", "show ip ospf neighbors", "show version", "show system resources", "show version"),
            CancellationToken.None);

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.StartsWith("runbook timed out after 3 s", result.Error, StringComparison.Ordinal);
        Assert.Contains("Cisco Nexus Operating System", result.RawOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Platform.CiscoIos, "show version", "Cisco IOS XE Software", "Configuration register")]
    [InlineData(Platform.Linux, "ip -s link show eth0", "link/ether", "TX:  bytes")]
    public async Task ConnectionDroppedHalfway_IsFailedWithThePartialOutput(Platform platform, string command, string firstHalf, string secondHalf)
    {
        var sim = await sshd.CreateDeviceAsync(platform, mode: "drop");
        using var harness = new SshHarness(Short);

        var result = await harness.RunAsync(sim, command);

        Assert.True(result.Status == ExecutionStatus.Failed, $"{result.Status}: {result.Error}\n{result.RawOutput}");
        Assert.Contains("closed before", result.Error, StringComparison.Ordinal);
        Assert.Contains(firstHalf, result.RawOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(secondHalf, result.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerThatNeverSpeaks_TimesOutOnConnect()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = silent.AcceptTcpClientAsync();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var harness = new SshHarness(ShortConnect);
        var device = new Device("silent", Platform.CiscoIos, [], "test", "127.0.0.1", port, Transport.Ssh, "c", sshd.HostKeyFingerprint, 1);
        harness.Credentials.Add("c", new DeviceCredential("u") { Password = "p" });
        var watch = Stopwatch.StartNew();

        var result = await harness.Executor.ExecuteAsync(SshHarness.Plan(device, "show version"), CancellationToken.None);

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Equal($"connect to 127.0.0.1:{port} timed out after 1 s", result.Error);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        (await accepted).Dispose();
    }

    [Fact]
    public async Task CallerCancellation_Throws()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoIos, mode: "hang");
        using var harness = new SshHarness();
        harness.Credentials.Add(sim.Device.CredentialRef, sim.PasswordCredential);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => harness.Executor.ExecuteAsync(SshHarness.Plan(sim.Device, "show version"), cts.Token));
    }
}
