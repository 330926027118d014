namespace ChatNetOps.Execution.Tests.Ssh;

using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.Ssh;
using Microsoft.Extensions.Time.Testing;

/// <summary>One authenticated session serves consecutive runs; limits and idle eviction hold.</summary>
[Collection(SshdCollection.Name)]
public sealed class SshPoolTests(SshdFixture sshd)
{
    [Theory]
    [InlineData(Platform.CiscoIos, "show ip ospf neighbor")]
    [InlineData(Platform.FortiOS, "get router info ospf neighbor")]
    [InlineData(Platform.Linux, "uptime")]
    public async Task QueuedReadOnlyRuns_ReuseOneAuthenticatedSession(Platform platform, string command)
    {
        var sim = await sshd.CreateDeviceAsync(platform);
        using var harness = new SshHarness();

        for (var i = 0; i < 4; i++)
        {
            var result = await harness.RunAsync(sim, command, command);
            Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        }

        Assert.Equal(1, sim.Logins);
        Assert.Equal(1, harness.Factory.Opened);
        if (platform != Platform.Linux)
        {
            Assert.Equal(1, sim.SimLog.Split('\n').Count(l => l.Contains("session shell", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task PooledFortiOSShell_ReturnsToGlobalBetweenVdomRuns()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.FortiOS, vdoms: true);
        using var harness = new SshHarness();

        var inRoot = await harness.RunAsync(sim, sim.Device with { Vdom = "root" }, "get system status");
        var inDmz = await harness.RunAsync(sim, sim.Device with { Vdom = "dmz" }, "get system status");

        Assert.Equal(ExecutionStatus.Succeeded, inRoot.Status);
        Assert.Contains("Current virtual domain: root", inRoot.RawOutput, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.Succeeded, inDmz.Status);
        Assert.Contains("fw-edge-01 (dmz) # get system status", inDmz.RawOutput, StringComparison.Ordinal);
        Assert.Contains("Current virtual domain: dmz", inDmz.RawOutput, StringComparison.Ordinal);
        Assert.Equal(1, sim.Logins);
    }

    [Fact]
    public async Task StateChangingVdomRun_SendsOnlyItsOwnCommands_NoTrailingEnd()
    {
        // The session of a state-changing run is closed, not pooled, so nothing needs leaving; and on FortiOS `end` also
        // commits a pending `config` edit, so the executor must never type one the runbook did not contain.
        var sim = await sshd.CreateDeviceAsync(Platform.FortiOS, vdoms: true);
        using var harness = new SshHarness();
        harness.Credentials.Add(sim.Device.CredentialRef, sim.PasswordCredential);
        var device = sim.Device with { Vdom = "root" };

        var change = await harness.Executor.ExecuteAsync(SshHarness.Plan(device, RunbookMode.StateChanging, TimeSpan.FromSeconds(30), "get system status"), CancellationToken.None);
        var failed = await harness.Executor.ExecuteAsync(SshHarness.Plan(device, RunbookMode.StateChanging, TimeSpan.FromSeconds(30), "diagnose hardware deviceinfo nic bogus!", "get system status"), CancellationToken.None);

        Assert.Equal(ExecutionStatus.Succeeded, change.Status);
        Assert.Equal(ExecutionStatus.Failed, failed.Status);
        var commands = sim.SimLog.Split('\n').Where(l => l.Contains(" command ", StringComparison.Ordinal)).Select(l => l[(l.IndexOf(" command ", StringComparison.Ordinal) + 9)..]).ToList();
        Assert.Equal(["config vdom", "edit root", "get system status", "config vdom", "edit root", "diagnose hardware deviceinfo nic bogus!"], commands);
        Assert.Equal(2, sim.Logins);
    }

    [Fact]
    public async Task StateChangingRun_GetsItsOwnSessionAndClosesIt()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoNxos);
        using var harness = new SshHarness();
        harness.Credentials.Add(sim.Device.CredentialRef, sim.PasswordCredential);

        await harness.RunAsync(sim, "show version");
        var change = await harness.Executor.ExecuteAsync(
            SshHarness.Plan(sim.Device, RunbookMode.StateChanging, TimeSpan.FromSeconds(30), "clear ip ospf neighbor 10.255.0.12"),
            CancellationToken.None);
        await harness.RunAsync(sim, "show version");

        Assert.Equal(ExecutionStatus.Succeeded, change.Status);
        Assert.Equal(2, sim.Logins);
        Assert.Equal(1, harness.Pool.IdleCount(sim.Device));
    }

    [Fact]
    public async Task FailedOrTimedOutSession_IsNotReused()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoIos, mode: "hang-on version");
        using var harness = new SshHarness(new SshExecutorOptions { CommandTimeout = TimeSpan.FromSeconds(1) });

        var hung = await harness.RunAsync(sim, "show version");
        var next = await harness.RunAsync(sim, "show ip ospf neighbor");

        Assert.Equal(ExecutionStatus.TimedOut, hung.Status);
        Assert.Equal(ExecutionStatus.Succeeded, next.Status);
        Assert.Equal(2, sim.Logins);
    }

    [Fact]
    public async Task SessionLimit_MakesConcurrentRunsWaitForTheSession()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoIos, mode: "slow 0.3", sessionLimit: 1);
        using var harness = new SshHarness();

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => harness.RunAsync(sim, "show ip ospf neighbor")));

        Assert.All(runs, r => Assert.Equal(ExecutionStatus.Succeeded, r.Status));
        Assert.Equal(1, sim.Logins);
    }

    [Fact]
    public async Task SessionLimitTwo_OpensAtMostTwoSessions()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.Linux, mode: "slow 0.3", sessionLimit: 2);
        using var harness = new SshHarness();

        var runs = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => harness.RunAsync(sim, "uptime")));

        Assert.All(runs, r => Assert.Equal(ExecutionStatus.Succeeded, r.Status));
        Assert.InRange(sim.Logins, 1, 2);
    }

    [Fact]
    public async Task IdleSession_IsClosedAfterTheIdleTimeout()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoIos);
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 6, 9, 0, 0, TimeSpan.Zero));
        using var harness = new SshHarness(
            new SshExecutorOptions { CommandTimeout = TimeSpan.FromSeconds(30), ConnectTimeout = TimeSpan.FromSeconds(30), IdleTimeout = TimeSpan.FromSeconds(60) },
            time);

        await harness.RunAsync(sim, "show version");
        Assert.Equal(1, harness.Pool.IdleCount(sim.Device));
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(1, harness.Pool.IdleCount(sim.Device));
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(0, harness.Pool.IdleCount(sim.Device));
        var again = await harness.RunAsync(sim, "show version");

        Assert.Equal(ExecutionStatus.Succeeded, again.Status);
        Assert.Equal(2, sim.Logins);
    }

    [Fact]
    public async Task SessionClosedByTheDeviceWhileIdle_IsReplacedTransparently()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoIos);
        using var harness = new SshHarness();

        await harness.RunAsync(sim, "show version");
        await sim.KillSimulatorsAsync();
        var again = await harness.RunAsync(sim, "show ip ospf neighbor");

        Assert.Equal(ExecutionStatus.Succeeded, again.Status);
        Assert.Contains("FULL/DR", again.RawOutput, StringComparison.Ordinal);
        Assert.Equal(2, sim.Logins);
    }

    [Fact]
    public async Task FanOut_ToManyDevicesAtOnce_Succeeds()
    {
        var sims = await Task.WhenAll(new[] { Platform.CiscoIos, Platform.CiscoNxos, Platform.FortiOS, Platform.Linux, Platform.CiscoIos, Platform.Linux }
            .Select(p => sshd.CreateDeviceAsync(p)));
        using var harness = new SshHarness();

        var results = await Task.WhenAll(sims.Select(s => harness.RunAsync(s, s.Platform switch
        {
            Platform.FortiOS => "get system status",
            Platform.Linux => "uptime",
            _ => "show version",
        })));

        Assert.All(results, r => Assert.Equal(ExecutionStatus.Succeeded, r.Status));
    }
}
