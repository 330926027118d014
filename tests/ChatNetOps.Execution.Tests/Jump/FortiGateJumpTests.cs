namespace ChatNetOps.Execution.Tests.Jump;

using System.Net;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.Tests.FortiGate;
using ChatNetOps.Execution.Tests.Ssh;
using ChatNetOps.Execution.Tests.Tracing;

/// <summary>
/// FortiGate REST calls through the same jump hosts as SSH sessions: each HTTPS connection rides a local forward on the
/// pooled jump connection; TLS (and the certificate pin) stays end to end with the FortiGate stand-in.
/// </summary>
[Collection(JumpCollection.Name)]
public sealed class FortiGateJumpTests(JumpNetworkFixture net)
{
    [Fact]
    public async Task RestCallsThroughTheJumpHost_ReachTheFortiGate_OnOnePooledConnection()
    {
        await using var server = await FakeFortiGate.StartAsync();
        using var harness = Harness();
        using var spans = new SpanCollector();
        var device = FortiGateHarness.Device(server) with { Via = [net.LoopbackJumpHost()] };

        var first = await harness.RunAsync(device, "get system status");
        var second = await harness.RunAsync(device, "get system performance status");

        Assert.True(first.Status == ExecutionStatus.Succeeded, first.Error);
        Assert.True(second.Status == ExecutionStatus.Succeeded, second.Error);
        Assert.Contains("Version: v7", first.RawOutput, StringComparison.Ordinal);
        Assert.Contains($"target 127.0.0.1 port {server.Port}", net.LoopbackJump.Log, StringComparison.Ordinal);
        Assert.Equal(1, harness.Jumps.Opened);
        Assert.Single(server.Requests.Select(r => r.Connection).Distinct());
        var jump = Assert.Single(spans.Named("ssh jump"));
        Assert.Equal("GET /api/v2/monitor/system/status", spans.Spans.Single(s => s.SpanId == jump.ParentSpanId).DisplayName);
        Assert.Equal("jump-01", jump.GetTagItem("chatnetops.jump.host"));
    }

    [Fact]
    public async Task WrongJumpHostKey_RefusesTheRestRunBeforeAnyRequest()
    {
        await using var server = await FakeFortiGate.StartAsync();
        using var harness = Harness();
        var device = FortiGateHarness.Device(server) with { Via = [net.LoopbackJumpHost() with { HostKeyFingerprint = net.HostKeyFingerprint }] };

        var result = await harness.RunAsync(device, "get system status");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Contains($"host key mismatch at jump host jump-01: expected {net.HostKeyFingerprint}, got {net.LoopbackJumpFingerprint}", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task JumpHostDown_IsReportedAsTheHop()
    {
        await using var server = await FakeFortiGate.StartAsync();
        using var harness = Harness();
        var closed = SshdFixture.FreePort();
        var device = FortiGateHarness.Device(server) with { Via = [net.LoopbackJumpHost() with { Port = closed }] };

        var result = await harness.RunAsync(device, "get system status");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal($"command 1 of 1 ('get system status'): jump host jump-01 unreachable: cannot connect to 127.0.0.1:{closed}: connection refused (nothing accepts connections on that port); partial output kept", result.Error);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task FortiGateTheJumpHostCannotConnectTo_IsReportedAsTheFortiGate()
    {
        using var harness = Harness();
        var closed = SshdFixture.FreePort();
        var device = new Device("fw-api-01", Platform.FortiOS, [], "test", "127.0.0.1", closed, Transport.FortiGateApi, FortiGateHarness.CredentialRef, null, 2)
        {
            TlsCertificateSha256 = new string('a', 64),
            Via = [net.LoopbackJumpHost()],
        };

        var result = await harness.RunAsync(device, "get system status");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Contains($"cannot reach fw-api-01 at 127.0.0.1:{closed} from jump host jump-01: the jump host could not open a connection to it", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertificatePin_IsStillCheckedEndToEndThroughTheTunnel()
    {
        await using var server = await FakeFortiGate.StartAsync();
        using var harness = Harness();
        var wrongPin = new string('b', 64);
        var device = FortiGateHarness.Device(server, pin: wrongPin) with { Via = [net.LoopbackJumpHost()] };

        var result = await harness.RunAsync(device, "get system status");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Contains($"certificate pin mismatch: expected {wrongPin}, got {server.Fingerprint}", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [NetnsFact]
    public async Task RestCalls_ReachAFortiGateOnlyTheJumpHostCanReach()
    {
        await using var server = await FakeFortiGate.StartAsync(listen: Netns.ListenHandle(net.NamespaceB, new IPEndPoint(IPAddress.Parse(net.BAddress), 0)));
        using var harness = Harness(new Execution.FortiGate.FortiGateOptions { ConnectTimeout = TimeSpan.FromSeconds(2), RequestTimeout = TimeSpan.FromSeconds(10) });
        var device = FortiGateHarness.Device(server) with { Address = net.BAddress };

        var direct = await harness.RunAsync(device, "get system status");
        var through = await harness.RunAsync(device with { Via = [net.JumpHostA()] }, "get system status");

        Assert.NotEqual(ExecutionStatus.Succeeded, direct.Status);
        Assert.True(through.Status == ExecutionStatus.Succeeded, through.Error);
        Assert.Contains("Version: v7", through.RawOutput, StringComparison.Ordinal);
        Assert.Equal([net.JumpAToB], server.Requests.Select(r => r.From).Distinct());
    }

    private FortiGateHarness Harness(Execution.FortiGate.FortiGateOptions? options = null)
    {
        var harness = new FortiGateHarness(options, jumpOptions: new Execution.Ssh.SshExecutorOptions { ConnectTimeout = TimeSpan.FromSeconds(10) });
        harness.Credentials.Add(JumpNetworkFixture.JumpCredential, net.JumpCredentialValue);
        return harness;
    }
}
