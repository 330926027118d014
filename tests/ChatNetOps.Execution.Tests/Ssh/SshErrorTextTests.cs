namespace ChatNetOps.Execution.Tests.Ssh;

using System.Net.Sockets;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.Ssh;

/// <summary>Connection failures read as sentences, not as <see cref="SocketError"/> names.</summary>
[Collection(SshdCollection.Name)]
public sealed class SshErrorTextTests(SshdFixture sshd)
{
    [Fact]
    public async Task ConnectionRefused_ReadsAsASentence()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoIos);
        var closed = SshdFixture.FreePort();
        using var harness = new SshHarness();

        var result = await harness.RunAsync(sim, sim.Device with { Port = closed }, "show version");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal($"cannot connect to 127.0.0.1:{closed}: connection refused (nothing accepts connections on that port)", result.Error);
        Assert.DoesNotContain("ConnectionRefused", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SocketError.HostUnreachable, "host unreachable")]
    [InlineData(SocketError.NetworkUnreachable, "network unreachable")]
    [InlineData(SocketError.HostNotFound, "host name not found")]
    [InlineData(SocketError.ConnectionReset, "connection reset by the other side")]
    public void SocketErrors_AreDescribedInWords(SocketError error, string expected) =>
        Assert.Equal(expected, SocketErrors.Describe(new SocketException((int)error)));
}
