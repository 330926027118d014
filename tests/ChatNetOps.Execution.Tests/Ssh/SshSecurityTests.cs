namespace ChatNetOps.Execution.Tests.Ssh;

using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;

/// <summary>Host key pinning and authentication against the real sshd.</summary>
[Collection(SshdCollection.Name)]
public sealed class SshSecurityTests(SshdFixture sshd)
{
    [Fact]
    public async Task HostKeyMismatch_IsRefusedBeforeAuthentication()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoIos);
        using var harness = new SshHarness();
        const string Pinned = "SHA256:fu1Loq/BLK0B16d4dwOHSpEHiupgguNo2osvs7gMIqw";

        var result = await harness.RunAsync(sim, sim.Device with { HostKeyFingerprint = Pinned }, "show version");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal($"host key mismatch: expected {Pinned}, got {sshd.HostKeyFingerprint}", result.Error);
        Assert.Equal(string.Empty, result.RawOutput);
        Assert.Equal(0, sim.Logins);
    }

    [Fact]
    public async Task NoPinnedHostKey_IsRefusedAndNamesThePresentedKey()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.Linux);
        using var harness = new SshHarness();

        var result = await harness.RunAsync(sim, sim.Device with { HostKeyFingerprint = null }, "uptime");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.StartsWith("no pinned host key", result.Error, StringComparison.Ordinal);
        Assert.Contains(sshd.HostKeyFingerprint, result.Error, StringComparison.Ordinal);
        Assert.Equal(0, sim.Logins);
    }

    [Fact]
    public async Task PinnedFingerprint_ComputedLikeSshKeygen_IsAccepted()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.Linux);
        using var harness = new SshHarness();

        // The fixture pins exactly what `ssh-keygen -lf host.pub` printed.
        var result = await harness.RunAsync(sim, "uptime");

        Assert.StartsWith("SHA256:", sshd.HostKeyFingerprint, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
    }

    [Fact]
    public async Task WrongPassword_IsFailedWithoutEchoingTheSecret()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoIos);
        using var harness = new SshHarness();
        harness.Credentials.Add(sim.Device.CredentialRef, new DeviceCredential(sim.User) { Password = "not-the-password-42" });

        var result = await harness.Executor.ExecuteAsync(SshHarness.Plan(sim.Device, "show version"), CancellationToken.None);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.StartsWith($"authentication failed for user '{sim.User}'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password-42", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, sim.Logins);
    }

    [Fact]
    public async Task PrivateKey_Authenticates()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.FortiOS);
        using var harness = new SshHarness();
        harness.Credentials.Add(sim.Device.CredentialRef, sim.KeyCredential);

        var result = await harness.Executor.ExecuteAsync(SshHarness.Plan(sim.Device, "get system performance status"), CancellationToken.None);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Contains("Uptime: 41 days", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("Accepted publickey for " + sim.User, File.ReadAllText(sshd.SshdLogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreadablePrivateKey_IsFailedWithoutQuotingIt()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.Linux);
        using var harness = new SshHarness();
        harness.Credentials.Add(sim.Device.CredentialRef, new DeviceCredential(sim.User) { PrivateKeyPem = "-----BEGIN OPENSSH PRIVATE KEY-----\nZZZZsecretZZZZ\n-----END OPENSSH PRIVATE KEY-----\n" });

        var result = await harness.Executor.ExecuteAsync(SshHarness.Plan(sim.Device, "uptime"), CancellationToken.None);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Contains("could not be read", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("ZZZZsecretZZZZ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCredential_IsAFailedResult()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.Linux);
        using var harness = new SshHarness();

        var result = await harness.Executor.ExecuteAsync(SshHarness.Plan(sim.Device with { CredentialRef = "nobody" }, "uptime"), CancellationToken.None);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Contains("No credential named 'nobody'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingListening_IsFailedQuickly()
    {
        using var harness = new SshHarness();
        var device = new Device("gone", Platform.Linux, [], "test", "127.0.0.1", 1, Transport.Ssh, "c", sshd.HostKeyFingerprint, 1);
        harness.Credentials.Add("c", new DeviceCredential("u") { Password = "p" });

        var result = await harness.Executor.ExecuteAsync(SshHarness.Plan(device, "uptime"), CancellationToken.None);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Contains("127.0.0.1:1", result.Error, StringComparison.Ordinal);
    }
}
