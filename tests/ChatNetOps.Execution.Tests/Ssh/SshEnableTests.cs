namespace ChatNetOps.Execution.Tests.Ssh;

using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.Ssh;

/// <summary>Cisco <c>enable</c> from a user EXEC login, against the simulator behind a real sshd.</summary>
[Collection(SshdCollection.Name)]
public sealed class SshEnableTests(SshdFixture sshd)
{
    private const string Secret = "En4ble-S3cret!x";

    [Fact]
    public async Task UserExecLogin_WithEnableSecret_EntersEnableAndRunsTheRunbook()
    {
        var sim = await UserExecDeviceAsync();
        using var harness = new SshHarness();

        var result = await RunAsync(harness, sim, WithEnable(sim), "show ip ospf neighbor", "show version");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(0, result.ReturnCode);
        Assert.Null(result.Error);
        Assert.StartsWith("acc-sw-01#show ip ospf neighbor\n", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("10.255.0.1        1   FULL/DR", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("acc-sw-01#show version\n", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("Configuration register is 0x102", result.RawOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Password:", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("enable ok", sim.SimLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserExecLogin_StateChangingRunbook_RunsPrivilegedCommandsAfterEnable()
    {
        var sim = await UserExecDeviceAsync();
        using var harness = new SshHarness();
        harness.Credentials.Add(sim.Device.CredentialRef, WithEnable(sim));

        var result = await harness.Executor.ExecuteAsync(
            SshHarness.Plan(sim.Device, RunbookMode.StateChanging, TimeSpan.FromSeconds(30), "configure terminal", "interface GigabitEthernet1/0/7", "shutdown", "end"),
            CancellationToken.None);
        var after = await harness.Executor.ExecuteAsync(SshHarness.Plan(sim.Device, "show interfaces GigabitEthernet1/0/7"), CancellationToken.None);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.StartsWith("acc-sw-01#configure terminal\n", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("acc-sw-01(config-if)#shutdown\n", result.RawOutput, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.Succeeded, after.Status);
        Assert.Contains("GigabitEthernet1/0/7 is administratively down", after.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongEnableSecret_FailsWithTheDevicesErrorAndRunsNothing()
    {
        var sim = await UserExecDeviceAsync();
        using var harness = new SshHarness();

        var result = await RunAsync(harness, sim, sim.PasswordCredential with { EnableSecret = "not-the-enable-secret-7" }, "show version");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.NotEqual(0, result.ReturnCode);
        Assert.Equal($"enable failed on {sim.Device.Name}: % Access denied", result.Error);
        Assert.DoesNotContain("command show version", sim.SimLog, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-enable-secret-7", result.RawOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-enable-secret-7", sim.SimLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongEnableSecret_OnAClassicIosThatAsksThreeTimes_IsSentOnlyOnce()
    {
        var sim = await UserExecDeviceAsync(mode: "enable-retries 3");
        using var harness = new SshHarness();

        var result = await RunAsync(harness, sim, sim.PasswordCredential with { EnableSecret = "wrong-one" }, "show version");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal($"enable failed on {sim.Device.Name}: % Bad secrets", result.Error);
        var attempts = sim.SimLog.Split('\n').Where(l => l.Contains("enable attempt", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, attempts.Count);
        Assert.DoesNotContain("(empty)", attempts[0], StringComparison.Ordinal);
        Assert.All(attempts.Skip(1), a => Assert.EndsWith("(empty)", a, StringComparison.Ordinal));
    }

    [Fact]
    public async Task MissingEnableSecret_AtUserExecPrompt_FailsWithoutSendingEnable()
    {
        var sim = await UserExecDeviceAsync();
        using var harness = new SshHarness();

        var result = await RunAsync(harness, sim, sim.PasswordCredential, "show version");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.NotEqual(0, result.ReturnCode);
        Assert.StartsWith(
            $"no enable secret configured for {sim.Device.Name}: the account logs in at user EXEC ('acc-sw-01>'); add an enable secret to credential '{sim.Device.CredentialRef}'",
            result.Error,
            StringComparison.Ordinal);
        Assert.DoesNotContain("command enable", sim.SimLog, StringComparison.Ordinal);
        Assert.DoesNotContain("command show version", sim.SimLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeviceWithoutAnEnableSecret_FailsWithItsMessage()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoIos);
        await sim.SetEnableSecretAsync(string.Empty);
        using var harness = new SshHarness();

        var result = await RunAsync(harness, sim, WithEnable(sim), "show version");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal($"enable failed on {sim.Device.Name}: % No password set", result.Error);
    }

    [Theory]
    [InlineData(Platform.CiscoIos, "acc-sw-01#show version\n")]
    [InlineData(Platform.CiscoNxos, "dist-sw-01# show version\n")]
    public async Task PrivilegedLogin_NeverSendsEnable(Platform platform, string expectedStart)
    {
        var sim = await sshd.CreateDeviceAsync(platform);
        using var harness = new SshHarness();

        var result = await RunAsync(harness, sim, WithEnable(sim), "show version");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.StartsWith(expectedStart, result.RawOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("command enable", sim.SimLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PooledSession_StaysPrivileged_EnableIsSentOnce()
    {
        var sim = await UserExecDeviceAsync();
        using var harness = new SshHarness();

        var first = await RunAsync(harness, sim, WithEnable(sim), "show ip ospf neighbor");
        var second = await RunAsync(harness, sim, WithEnable(sim), "show version");

        Assert.Equal(ExecutionStatus.Succeeded, first.Status);
        Assert.Equal(ExecutionStatus.Succeeded, second.Status);
        Assert.StartsWith("acc-sw-01#show version\n", second.RawOutput, StringComparison.Ordinal);
        Assert.Equal(1, sim.Logins);
        Assert.Single(sim.SimLog.Split('\n'), l => l.EndsWith("command enable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeviceThatHangsAfterThePassword_TimesOutWithinTheCommandTimeout_WithoutTheSecret()
    {
        // The device echoes the secret (a misbehaving terminal) and then never shows a prompt.
        var sim = await UserExecDeviceAsync(mode: "enable-echo\nenable-hang");
        using var harness = new SshHarness(new SshExecutorOptions { ConnectTimeout = TimeSpan.FromSeconds(15), CommandTimeout = TimeSpan.FromSeconds(2) });

        var result = await RunAsync(harness, sim, WithEnable(sim), "show version");

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Equal(-1, result.ReturnCode);
        Assert.Equal("no complete answer within 2 s while entering enable mode; partial output kept", result.Error);
        Assert.Contains(OutputRedactor.Placeholder, result.RawOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnableSecret_NeverAppearsInOutputErrorsOrLogs()
    {
        var echoing = await UserExecDeviceAsync(mode: "enable-echo");
        var refusing = await UserExecDeviceAsync();
        await refusing.SetEnableSecretAsync("another-secret");
        var logs = new CollectingLoggerFactory();
        using var harness = new SshHarness(loggers: logs);

        var ok = await RunAsync(harness, echoing, WithEnable(echoing), "show version");
        var denied = await RunAsync(harness, refusing, WithEnable(refusing), "show version");

        Assert.Equal(ExecutionStatus.Succeeded, ok.Status);
        Assert.Equal(ExecutionStatus.Failed, denied.Status);
        Assert.NotEmpty(logs.Lines);
        foreach (var text in new[] { ok.RawOutput, ok.Error, denied.RawOutput, denied.Error, echoing.SimLog, refusing.SimLog }.Concat(logs.Lines))
        {
            Assert.DoesNotContain(Secret, text ?? string.Empty, StringComparison.Ordinal);
        }
    }

    private static DeviceCredential WithEnable(SimDevice sim) => sim.PasswordCredential with { EnableSecret = Secret };

    private static Task<DeviceRunResult> RunAsync(SshHarness harness, SimDevice sim, DeviceCredential credential, params string[] commands)
    {
        harness.Credentials.Add(sim.Device.CredentialRef, credential);
        return harness.Executor.ExecuteAsync(SshHarness.Plan(sim.Device, commands), CancellationToken.None);
    }

    private async Task<SimDevice> UserExecDeviceAsync(string? mode = null)
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoIos, mode);
        await sim.SetEnableSecretAsync(Secret);
        return sim;
    }
}
