namespace ChatNetOps.Execution.Tests.Jump;

using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.Ssh;
using ChatNetOps.Execution.Tests.Ssh;
using ChatNetOps.Execution.Tests.Tracing;

/// <summary>
/// Devices that only a jump host can reach: the simulator's sshd sits in network namespace B, which is joined only to
/// namespace A (jump host A; no routing); the test runs outside both (see <see cref="JumpNetworkFixture"/>). Skipped,
/// with the reason, only where network namespaces cannot be made.
/// </summary>
[Collection(JumpCollection.Name)]
public sealed class JumpHostNetnsTests(JumpNetworkFixture net)
{
    [NetnsFact]
    public async Task DeviceBehindTheJumpHost_IsReachableOnlyThroughIt()
    {
        var sim = await net.CreateDeviceAsync(Platform.CiscoIos);
        using var harness = Harness(new SshExecutorOptions { ConnectTimeout = TimeSpan.FromSeconds(2), CommandTimeout = TimeSpan.FromSeconds(10) });
        var device = net.DeviceOnB(sim);

        var direct = await harness.RunAsync(sim, device, "show version");
        var through = await harness.RunAsync(sim, device with { Via = [net.JumpHostA()] }, "show version");

        Assert.NotEqual(ExecutionStatus.Succeeded, direct.Status);
        Assert.Contains($"{net.BAddress}:{JumpNetworkFixture.NetDevicePort}", direct.Error, StringComparison.Ordinal);
        Assert.True(through.Status == ExecutionStatus.Succeeded, through.Error);
        Assert.Contains("Cisco IOS XE Software", through.RawOutput, StringComparison.Ordinal);

        // The device saw exactly one login, and it came from jump host A's side of the A-B link.
        Assert.Equal([net.JumpAToB], net.NetDevice.LoginsFrom(sim.User));
    }

    [NetnsFact]
    public async Task TwoHopChain_ReachesADeviceOnlyTheSecondHopCanReach()
    {
        var sim = await net.CreateDeviceAsync(Platform.FortiOS);
        using var harness = Harness();
        using var spans = new SpanCollector();
        var device = net.DeviceOnBLoopback(sim);

        var oneHop = await harness.RunAsync(sim, device with { Via = [net.JumpHostA()] }, "get system status");
        var twoHops = await harness.RunAsync(sim, device with { Via = [net.JumpHostA(), net.JumpHostB()] }, "get system status");

        Assert.Equal(ExecutionStatus.Failed, oneHop.Status);
        Assert.Equal($"cannot reach {device.Name} at 127.0.0.1:{JumpNetworkFixture.NetDevicePort} from jump host jump-01: the jump host could not open a connection to it", oneHop.Error);
        Assert.True(twoHops.Status == ExecutionStatus.Succeeded, twoHops.Error);
        Assert.Contains("Version: FortiGate-100F", twoHops.RawOutput, StringComparison.Ordinal);
        Assert.Equal(["127.0.0.1"], net.NetDevice.LoginsFrom(sim.User));
        Assert.Equal([net.JumpAToB], net.JumpB.LoginsFrom(net.JumpUser).TakeLast(1));

        // Hop 2 rides on hop 1: its span wraps the reused first hop's, under the device's connect span.
        var hop2 = Assert.Single(spans.Named("ssh jump"), s => (string?)s.GetTagItem("chatnetops.jump.host") == "jump-02");
        var hop1 = spans.Named("ssh jump").Where(s => s.ParentSpanId == hop2.SpanId).ToList();
        Assert.Equal(1, Assert.Single(hop1).GetTagItem("chatnetops.jump.hop"));
        Assert.Equal("jump-01", hop1[0].GetTagItem("chatnetops.jump.host"));
        Assert.Equal(true, hop1[0].GetTagItem("chatnetops.pooled"));
        Assert.Equal(false, hop2.GetTagItem("chatnetops.pooled"));
        Assert.Equal(2, hop2.GetTagItem("chatnetops.jump.hop"));
        Assert.Equal("jump-01,jump-02", spans.Named("ssh connect")[^1].GetTagItem("chatnetops.via"));
    }

    [NetnsFact]
    public async Task WrongKeyAtTheSecondHop_RefusesTheRunBeforeAnythingIsSent_NamingThatHop()
    {
        var sim = await net.CreateDeviceAsync(Platform.Linux);
        using var harness = Harness();
        var hop2Logins = net.JumpB.LoginsFrom(net.JumpUser).Count;
        var device = net.DeviceOnBLoopback(sim) with { Via = [net.JumpHostA(), net.JumpHostB() with { HostKeyFingerprint = net.JumpAFingerprint }] };

        var result = await harness.RunAsync(sim, device, "uptime");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal($"host key mismatch at jump host jump-02: expected {net.JumpAFingerprint}, got {net.JumpBFingerprint}; nothing was sent to {device.Name}", result.Error);
        Assert.Equal(hop2Logins, net.JumpB.LoginsFrom(net.JumpUser).Count);
        Assert.Equal(0, sim.Logins);
    }

    [NetnsFact]
    public async Task SecondHopDown_IsReportedAsThatHop()
    {
        var sim = await net.CreateDeviceAsync(Platform.Linux);
        using var harness = Harness();
        var device = net.DeviceOnBLoopback(sim) with { Via = [net.JumpHostA(), net.JumpHostB() with { Port = 2299 }] };

        var result = await harness.RunAsync(sim, device, "uptime");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal($"jump host jump-02 unreachable: jump host jump-01 could not open a connection to {net.BAddress}:2299", result.Error);
        Assert.Equal(0, sim.Logins);
    }

    [NetnsFact]
    public async Task HangingCommandTwoHopsAway_TimesOutAfterTheCommandTimeout_AndTheRunbookTimeoutHolds()
    {
        var sim = await net.CreateDeviceAsync(Platform.CiscoNxos, mode: "hang-on version");
        using var harness = Harness(new SshExecutorOptions { ConnectTimeout = TimeSpan.FromSeconds(10), CommandTimeout = TimeSpan.FromSeconds(2) });
        var device = net.DeviceOnBLoopback(sim) with { Via = [net.JumpHostA(), net.JumpHostB()] };
        harness.Credentials.Add(sim.User, sim.PasswordCredential);

        var command = await harness.RunAsync(sim, device, "show system resources", "show version");
        var runbook = await harness.Executor.ExecuteAsync(
            SshHarness.Plan(device, RunbookMode.ReadOnly, TimeSpan.FromSeconds(1), "show version"), CancellationToken.None);

        Assert.Equal(ExecutionStatus.TimedOut, command.Status);
        Assert.Contains("no complete answer within 2 s in command 2 of 2 ('show version')", command.Error, StringComparison.Ordinal);
        Assert.Contains("show system resources", command.RawOutput, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.TimedOut, runbook.Status);
        Assert.StartsWith("runbook timed out after 1 s", runbook.Error, StringComparison.Ordinal);
    }

    private SshHarness Harness(SshExecutorOptions? options = null)
    {
        var harness = new SshHarness(options ?? new SshExecutorOptions { ConnectTimeout = TimeSpan.FromSeconds(10), CommandTimeout = TimeSpan.FromSeconds(10) });
        harness.Credentials.Add(JumpNetworkFixture.JumpCredential, net.JumpCredentialValue);
        return harness;
    }
}
