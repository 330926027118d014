namespace ChatNetOps.Core.Tests.Worker;

using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;

/// <summary>A short interface name typed in a request is stored, rendered and run in the device's own spelling.</summary>
public sealed class InterfaceNameRunTests
{
    [Fact]
    public async Task ShortInterfaceName_IsStoredAndSentInFullSpelling()
    {
        await using var h = LifecycleHarness.Create();
        var outcome = await h.Submit.SubmitAsync(LifecycleHarness.Run("alice", "interface-counters", inputs: [("device", "dist-sw-01"), ("interface", "eth1/1")]), CancellationToken.None);

        var queued = Assert.IsType<SubmitOutcome.Queued>(outcome).Request;
        var done = await h.RunNextJobAsync();
        var output = Assert.Single(await h.Outputs.GetAsync(done.Id, CancellationToken.None));

        Assert.Equal("Ethernet1/1", queued.Inputs["interface"]);
        Assert.Equal(RequestStatus.Succeeded, done.Status);
        Assert.Contains("show interface Ethernet1/1", output.Text, StringComparison.Ordinal);
    }
}
