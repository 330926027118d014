namespace ChatNetOps.Execution.Tests.Jump;

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.Ssh;
using ChatNetOps.Execution.Tests.Ssh;
using ChatNetOps.Execution.Tests.Tracing;

/// <summary>
/// The SSH executor through a real OpenSSH jump host on 127.0.0.1 (TCP forwarding only) to the device simulator's
/// sshd: each hop's pinned key, a hop that is down or refuses the credential, pooling within the jump host's limits,
/// and timeouts across the hop. (That the device is reachable only through the hop is shown in
/// <see cref="JumpHostNetnsTests"/>.)
/// </summary>
[Collection(JumpCollection.Name)]
public sealed class JumpHostTests(JumpNetworkFixture net)
{
    private static SshExecutorOptions Short => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(15),
        CommandTimeout = TimeSpan.FromSeconds(2),
    };

    [Fact]
    public async Task RunThroughJumpHost_ReachesTheDeviceOverAForwardedChannel()
    {
        var sim = await net.CreateDeviceAsync(Platform.Linux);
        using var harness = Harness();
        var jumpLogins = net.LoopbackJump.LoginsFrom(net.JumpUser).Count;

        var result = await harness.RunAsync(sim, Via(sim, net.LoopbackJumpHost()), "uptime");

        Assert.True(result.Status == ExecutionStatus.Succeeded, result.Error);
        Assert.Contains("load average", result.RawOutput, StringComparison.Ordinal);
        Assert.Equal(jumpLogins + 1, net.LoopbackJump.LoginsFrom(net.JumpUser).Count);
        Assert.Contains($"target 127.0.0.1 port {net.Port}", net.LoopbackJump.Log, StringComparison.Ordinal);
        Assert.Equal(1, sim.Logins);
    }

    [Fact]
    public async Task WrongJumpHostKey_RefusesTheRunBeforeAnythingIsSent_NamingTheHop()
    {
        var sim = await net.CreateDeviceAsync(Platform.CiscoIos);
        using var harness = Harness();
        var jumpLogins = net.LoopbackJump.LoginsFrom(net.JumpUser).Count;
        var device = Via(sim, net.LoopbackJumpHost() with { HostKeyFingerprint = net.HostKeyFingerprint });

        var result = await harness.RunAsync(sim, device, "show version");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal($"host key mismatch at jump host jump-01: expected {net.HostKeyFingerprint}, got {net.LoopbackJumpFingerprint}; nothing was sent to {device.Name}", result.Error);
        Assert.Equal(string.Empty, result.RawOutput);
        Assert.Equal(jumpLogins, net.LoopbackJump.LoginsFrom(net.JumpUser).Count);
        Assert.Equal(0, sim.Logins);
    }

    [Fact]
    public async Task JumpHostDown_IsReportedAsTheHop_NotAsTheDevice()
    {
        var sim = await net.CreateDeviceAsync(Platform.Linux);
        using var harness = Harness();
        using var spans = new SpanCollector();
        var closed = SshdFixture.FreePort();

        var result = await harness.RunAsync(sim, Via(sim, net.LoopbackJumpHost() with { Port = closed }), "uptime");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal($"jump host jump-01 unreachable: cannot connect to 127.0.0.1:{closed}: connection refused (nothing accepts connections on that port)", result.Error);
        Assert.Equal("jump_host_unreachable", spans.Run.GetTagItem("error.type"));
        Assert.Equal(result.Error, Assert.Single(spans.Named("ssh jump")).StatusDescription);
        Assert.Equal(0, sim.Logins);
    }

    [Fact]
    public async Task WrongJumpHostPassword_IsAnAuthenticationFailureOnTheHop()
    {
        var sim = await net.CreateDeviceAsync(Platform.Linux);
        using var harness = Harness();
        harness.Credentials.Add(JumpNetworkFixture.JumpCredential, new DeviceCredential(net.JumpUser) { Password = "not-the-jump-password-7" });

        var result = await harness.RunAsync(sim, Via(sim, net.LoopbackJumpHost()), "uptime");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal($"authentication failed for user '{net.JumpUser}' on jump host jump-01 (credential '{JumpNetworkFixture.JumpCredential}')", result.Error);
        Assert.DoesNotContain("not-the-jump-password-7", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, sim.Logins);
    }

    [Fact]
    public async Task UnknownJumpHostCredential_IsACredentialFailureNamingTheHop()
    {
        var sim = await net.CreateDeviceAsync(Platform.Linux);
        using var harness = new SshHarness();

        var result = await harness.RunAsync(sim, Via(sim, net.LoopbackJumpHost()), "uptime");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.StartsWith("jump host jump-01: No credential named 'jump-cred'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeviceTheJumpHostCannotConnectTo_IsReportedAsTheDevice()
    {
        var sim = await net.CreateDeviceAsync(Platform.Linux);
        using var harness = Harness();
        var closed = SshdFixture.FreePort();
        var device = Via(sim, net.LoopbackJumpHost()) with { Port = closed };

        var result = await harness.RunAsync(sim, device, "uptime");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal($"cannot reach {device.Name} at 127.0.0.1:{closed} from jump host jump-01: the jump host could not open a connection to it", result.Error);
    }

    [Fact]
    public async Task QueuedRuns_ShareOnePooledJumpConnection()
    {
        var a = await net.CreateDeviceAsync(Platform.Linux);
        var b = await net.CreateDeviceAsync(Platform.CiscoNxos);
        using var harness = Harness();
        var jump = net.LoopbackJumpHost();
        var jumpLogins = net.LoopbackJump.LoginsFrom(net.JumpUser).Count;

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(ExecutionStatus.Succeeded, (await harness.RunAsync(a, Via(a, jump), "uptime")).Status);
            Assert.Equal(ExecutionStatus.Succeeded, (await harness.RunAsync(b, Via(b, jump), "show version")).Status);
        }

        var change = await harness.Executor.ExecuteAsync(
            SshHarness.Plan(Via(b, jump), RunbookMode.StateChanging, TimeSpan.FromSeconds(30), "clear ip ospf neighbor 10.255.0.12"), CancellationToken.None);

        Assert.Equal(ExecutionStatus.Succeeded, change.Status);
        Assert.Equal(1, harness.Jumps.Opened);
        Assert.Equal(jumpLogins + 1, net.LoopbackJump.LoginsFrom(net.JumpUser).Count);
        Assert.Equal(1, a.Logins);
        Assert.Equal(2, b.Logins);
    }

    [Fact]
    public async Task JumpHostAtItsChannelLimit_ClosesAnIdleSessionToServeAnotherDevice()
    {
        var a = await net.CreateDeviceAsync(Platform.Linux);
        var b = await net.CreateDeviceAsync(Platform.Linux);
        using var harness = Harness();
        var jump = net.LoopbackJumpHost(sessionLimit: 1, channels: 1);

        var first = await harness.RunAsync(a, Via(a, jump), "uptime");
        Assert.Equal(1, harness.Pool.IdleCount(Via(a, jump)));
        var second = await harness.RunAsync(b, Via(b, jump), "uptime");

        Assert.Equal(ExecutionStatus.Succeeded, first.Status);
        Assert.True(second.Status == ExecutionStatus.Succeeded, second.Error);
        Assert.Equal(0, harness.Pool.IdleCount(Via(a, jump)));
        Assert.Equal(1, harness.Pool.IdleCount(Via(b, jump)));
        Assert.Equal(1, harness.Jumps.Opened);
    }

    [Fact]
    public async Task FullFirstHop_ClosesAnIdleSessionTwoHopsAway_AndTheIdleSecondHopWithIt()
    {
        var far = await net.CreateDeviceAsync(Platform.Linux);
        var near = await net.CreateDeviceAsync(Platform.Linux);
        using var harness = Harness();
        var hop1 = net.LoopbackJumpHost(sessionLimit: 1, channels: 1);

        // The same jump sshd under another name stands in for a second hop reached through the first.
        var hop2 = net.LoopbackJumpHost("jump-02");
        var first = await harness.RunAsync(far, Via(far, hop1, hop2), "uptime");
        var second = await harness.RunAsync(near, Via(near, hop1), "uptime");

        Assert.Equal(ExecutionStatus.Succeeded, first.Status);
        Assert.True(second.Status == ExecutionStatus.Succeeded, second.Error);
        Assert.Equal(0, harness.Pool.IdleCount(Via(far, hop1, hop2)));
        Assert.Equal(0, harness.Jumps.ConnectionCount([hop1, hop2], 2));
        Assert.Equal(1, harness.Jumps.ConnectionCount([hop1], 1));
    }

    [Fact]
    public async Task ConcurrentRuns_OpenAnotherJumpConnectionWhenTheFirstIsFull_WithinTheSessionLimit()
    {
        var busy = await net.CreateDeviceAsync(Platform.CiscoIos, mode: "hang-on version");
        var other = await net.CreateDeviceAsync(Platform.CiscoIos);
        using var harness = Harness(new SshExecutorOptions { CommandTimeout = TimeSpan.FromSeconds(30) });
        var jump = net.LoopbackJumpHost(sessionLimit: 2, channels: 1);
        harness.Credentials.Add(busy.User, busy.PasswordCredential);
        using var cancel = new CancellationTokenSource();
        var hung = harness.Executor.ExecuteAsync(SshHarness.Plan(Via(busy, jump), "show version"), cancel.Token);
        await WaitForAsync(() => busy.SimLog.Contains("hang", StringComparison.Ordinal), hung);

        var result = await harness.RunAsync(other, Via(other, jump), "show ip ospf neighbor");

        Assert.True(result.Status == ExecutionStatus.Succeeded, result.Error);
        Assert.Equal(2, harness.Jumps.Opened);
        Assert.Equal(2, harness.Jumps.ConnectionCount([jump], 1));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hung);
    }

    [Fact]
    public async Task SaturatedJumpHost_EndsTheRunAtTheRunbookTimeout_NamingTheHop()
    {
        var busy = await net.CreateDeviceAsync(Platform.CiscoIos, mode: "hang-on version");
        var waiting = await net.CreateDeviceAsync(Platform.CiscoIos);
        using var harness = Harness(new SshExecutorOptions { CommandTimeout = TimeSpan.FromSeconds(30) });
        var jump = net.LoopbackJumpHost(sessionLimit: 1, channels: 1);
        harness.Credentials.Add(busy.User, busy.PasswordCredential).Add(waiting.User, waiting.PasswordCredential);
        using var cancel = new CancellationTokenSource();
        var hung = harness.Executor.ExecuteAsync(SshHarness.Plan(Via(busy, jump), "show version"), cancel.Token);
        await WaitForAsync(() => busy.SimLog.Contains("hang", StringComparison.Ordinal), hung);
        var watch = Stopwatch.StartNew();

        var result = await harness.Executor.ExecuteAsync(
            SshHarness.Plan(Via(waiting, jump), RunbookMode.ReadOnly, TimeSpan.FromSeconds(1.5), "show version"), CancellationToken.None);

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Equal($"runbook timed out after 1.5 s waiting for a free connection to jump host jump-01 on the way to {Via(waiting, jump).Name}", result.Error);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(10));
        Assert.Equal(0, waiting.Logins);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hung);
    }

    [Fact]
    public async Task SilentJumpHost_TimesOutOnConnect_NamingTheHop()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = silent.AcceptTcpClientAsync();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var sim = await net.CreateDeviceAsync(Platform.Linux);
        using var harness = Harness(new SshExecutorOptions { ConnectTimeout = TimeSpan.FromSeconds(1) });
        var watch = Stopwatch.StartNew();

        var result = await harness.RunAsync(sim, Via(sim, net.LoopbackJumpHost() with { Port = port }), "uptime");

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Equal($"jump host jump-01 unreachable: connect to 127.0.0.1:{port} timed out after 1 s", result.Error);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        Assert.Equal(0, sim.Logins);
        (await accepted).Dispose();
    }

    [Fact]
    public async Task SilentDeviceBehindTheJumpHost_TimesOutOnConnect_NamingTheDevice_AndKeepsTheJumpConnection()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = silent.AcceptTcpClientAsync();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var sim = await net.CreateDeviceAsync(Platform.Linux);
        using var harness = Harness(new SshExecutorOptions { ConnectTimeout = TimeSpan.FromSeconds(2), CommandTimeout = TimeSpan.FromSeconds(5) });
        var device = Via(sim, net.LoopbackJumpHost());

        var result = await harness.RunAsync(sim, device with { Port = port }, "uptime");
        var next = await harness.RunAsync(sim, device, "uptime");

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Equal($"connect to 127.0.0.1:{port} via jump host jump-01 timed out after 2 s", result.Error);
        Assert.Equal(ExecutionStatus.Succeeded, next.Status);
        Assert.Equal(1, harness.Jumps.Opened);
        (await accepted).Dispose();
    }

    [Fact]
    public async Task HangingCommandThroughTheJumpHost_TimesOutAfterTheCommandTimeout()
    {
        var sim = await net.CreateDeviceAsync(Platform.CiscoIos, mode: "hang-on version");
        using var harness = Harness(Short);

        var result = await harness.RunAsync(sim, Via(sim, net.LoopbackJumpHost()), "show ip ospf neighbor", "show version");

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Contains("no complete answer within 2 s in command 2 of 2 ('show version')", result.Error, StringComparison.Ordinal);
        Assert.Contains("show ip ospf neighbor", result.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JumpHostLostMidCommand_IsReportedAsTheHop_AndTheNextRunConnectsAgain()
    {
        var sim = await net.CreateDeviceAsync(Platform.CiscoIos, mode: "hang-on version");
        using var harness = Harness(new SshExecutorOptions { CommandTimeout = TimeSpan.FromSeconds(30) });
        harness.Credentials.Add(sim.User, sim.PasswordCredential);
        var device = Via(sim, net.LoopbackJumpHost());
        var run = harness.Executor.ExecuteAsync(SshHarness.Plan(device, "show version"), CancellationToken.None);
        await WaitForAsync(() => sim.SimLog.Contains("hang", StringComparison.Ordinal), run);

        await net.DropJumpSessionsAsync();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(20));
        await sim.SetModeAsync(string.Empty);
        var next = await harness.RunAsync(sim, device, "show version");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.StartsWith("jump host jump-01 unreachable: the connection to it was lost in command 1 of 1 ('show version')", result.Error, StringComparison.Ordinal);
        Assert.True(next.Status == ExecutionStatus.Succeeded, next.Error);
        Assert.Equal(2, harness.Jumps.Opened);
    }

    [Fact]
    public async Task Tunnel_CarriesOnlyItsFirstConnection_AndRefusesAnyOther()
    {
        var sim = await net.CreateDeviceAsync(Platform.Linux);
        using var harness = Harness();
        var device = Via(sim, net.LoopbackJumpHost());

        using var tunnel = await harness.Jumps.OpenTunnelAsync(device.Via, device, device.Address, device.Port, CancellationToken.None);
        using var first = new TcpClient();
        await first.ConnectAsync(tunnel.LocalEndPoint);
        var banner = await ReadSomeAsync(first);
        using var second = new TcpClient();
        await second.ConnectAsync(tunnel.LocalEndPoint);
        var refused = await ReadSomeAsync(second);

        Assert.StartsWith("SSH-2.0-OpenSSH", banner, StringComparison.Ordinal);
        Assert.Equal(string.Empty, refused);
        Assert.Equal(IPAddress.Loopback, tunnel.LocalEndPoint.Address);
    }

    [Fact]
    public async Task Spans_CoverTheHop_NewThenPooled_WithoutTheJumpSecret()
    {
        var sim = await net.CreateDeviceAsync(Platform.Linux);
        using var harness = Harness();
        var device = Via(sim, net.LoopbackJumpHost());
        harness.Credentials.Add(sim.User, sim.PasswordCredential);
        using var spans = new SpanCollector();

        var cold = await harness.Executor.ExecuteAsync(SshHarness.Plan(device, RunbookMode.StateChanging, TimeSpan.FromSeconds(30), "uptime"), CancellationToken.None);
        var warm = await harness.Executor.ExecuteAsync(SshHarness.Plan(device, RunbookMode.StateChanging, TimeSpan.FromSeconds(30), "uptime"), CancellationToken.None);

        Assert.Equal(ExecutionStatus.Succeeded, cold.Status);
        Assert.Equal(ExecutionStatus.Succeeded, warm.Status);
        var runs = spans.Spans.Where(s => s.ParentSpanId == spans.Parent.SpanId).ToList();
        Assert.All(runs, r => Assert.Equal("jump-01", r.GetTagItem("chatnetops.via")));
        var connects = spans.Named("ssh connect");
        var jumps = spans.Named("ssh jump");
        Assert.Equal(2, connects.Count);
        Assert.Equal(2, jumps.Count);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(connects[i].SpanId, jumps[i].ParentSpanId);
            Assert.Equal(ActivityKind.Client, jumps[i].Kind);
            Assert.Equal("jump-01", jumps[i].GetTagItem("chatnetops.jump.host"));
            Assert.Equal(1, jumps[i].GetTagItem("chatnetops.jump.hop"));
            Assert.Equal("127.0.0.1", jumps[i].GetTagItem("server.address"));
            Assert.Equal(net.LoopbackJumpPort, jumps[i].GetTagItem("server.port"));
            Assert.Equal(device.Name, jumps[i].GetTagItem("chatnetops.device"));
        }

        Assert.Equal(false, jumps[0].GetTagItem("chatnetops.pooled"));
        var hostKey = Assert.Single(jumps[0].Events, e => e.Name == "ssh.host_key_checked");
        Assert.Equal(net.LoopbackJumpFingerprint, hostKey.Tags.First(t => t.Key == "chatnetops.ssh.host_key").Value);
        Assert.Equal(true, jumps[1].GetTagItem("chatnetops.pooled"));
        Assert.Equal(jumps[0].GetTagItem("chatnetops.session.id"), jumps[1].GetTagItem("chatnetops.session.id"));
        Assert.Empty(jumps[1].Events);
        Assert.All(spans.Spans, s => Assert.DoesNotContain(SpanCollector.ExportedText(s), t => t.Contains(net.JumpPassword, StringComparison.Ordinal)));
    }

    private SshHarness Harness(SshExecutorOptions? options = null)
    {
        var harness = new SshHarness(options);
        harness.Credentials.Add(JumpNetworkFixture.JumpCredential, net.JumpCredentialValue);
        return harness;
    }

    private static Device Via(SimDevice sim, params JumpHost[] chain) => sim.Device with { Via = chain };

    /// <summary>What the peer sends first (up to 255 bytes), or empty when it closes the connection without a byte.</summary>
    private static async Task<string> ReadSomeAsync(TcpClient client)
    {
        var buffer = new byte[255];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = await client.GetStream().ReadAsync(buffer, timeout.Token);
        return System.Text.Encoding.ASCII.GetString(buffer, 0, read);
    }

    /// <summary>Waits for a condition the simulator writes to a file (a signal, with a timeout); fails early if <paramref name="run"/> ends first.</summary>
    internal static async Task WaitForAsync(Func<bool> condition, Task run)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            if (run.IsCompleted)
            {
                throw new InvalidOperationException("the run ended before the condition held: " + (run is Task<DeviceRunResult> { IsCompletedSuccessfully: true } r ? r.Result.Error : run.Exception?.Message));
            }

            await Task.Delay(25, timeout.Token);
        }
    }
}
