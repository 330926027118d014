namespace ChatNetOps.Core.Tests.Worker;

using System.Security.Cryptography;
using System.Text;
using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;

public sealed class ReadOnlyRunTests
{
    [Fact]
    public async Task ReadOnlyRunbook_GrantedUser_IsQueuedAtOnceAndSucceeds()
    {
        await using var h = LifecycleHarness.Create();

        var outcome = await h.Submit.SubmitAsync(LifecycleHarness.Run("alice", "verify-ospf", inputs: ("device", "dist-sw-01")), CancellationToken.None);

        var queued = Assert.IsType<SubmitOutcome.Queued>(outcome).Request;
        Assert.Equal(RequestStatus.Queued, queued.Status);
        var done = await h.RunNextJobAsync();
        Assert.Equal(RequestStatus.Succeeded, done.Status);
        Assert.NotNull(done.Result);
        Assert.Equal(0, done.Result.ReturnCode);
        Assert.Equal(["dist-sw-01"], done.Result.Devices.Select(d => d.Device));
    }

    [Fact]
    public async Task Execution_RecordsHashOfRawOutputAndStoresIt()
    {
        await using var h = LifecycleHarness.Create();
        await h.Submit.SubmitAsync(LifecycleHarness.Run("alice", "verify-ospf", inputs: ("device", "dist-sw-02")), CancellationToken.None);

        var done = await h.RunNextJobAsync();

        var stored = Assert.Single(await h.Outputs.GetAsync(done.Id, CancellationToken.None));
        Assert.False(stored.Truncated);
        Assert.Equal(done.Result!.OutputSha256, stored.RawSha256);
        Assert.Contains("ospf", stored.Text, StringComparison.OrdinalIgnoreCase);
        // No secrets in lab OSPF output, so redaction leaves it as is and the hash is over exactly that text.
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stored.Text))), stored.RawSha256);
    }

    [Fact]
    public async Task ReadOnlyRun_AuditsEachStepInOrder_AndTheChainVerifies()
    {
        await using var h = LifecycleHarness.Create();
        await h.Submit.SubmitAsync(LifecycleHarness.Run("alice", "system-status", inputs: ("device", "fw-edge-01")), CancellationToken.None);
        var done = await h.RunNextJobAsync();

        var kinds = (await h.DayEventsAsync()).Where(e => e.RequestId == done.Id).Select(e => e.Kind).ToArray();

        Assert.Equal([AuditKind.Requested, AuditKind.Queued, AuditKind.Started, AuditKind.Succeeded], kinds);
        var verification = await new AuditVerifier(h.Audit).VerifyAllAsync(CancellationToken.None);
        Assert.All(verification, v => Assert.True(v.IsIntact, v.Problem));
    }

    [Fact]
    public async Task RedeliveredJob_OfFinishedRequest_IsNotExecutedAgain()
    {
        await using var h = LifecycleHarness.Create();
        var queued = Assert.IsType<SubmitOutcome.Queued>(
            await h.Submit.SubmitAsync(LifecycleHarness.Run("alice", "verify-ospf", inputs: ("device", "core-rtr-01")), CancellationToken.None)).Request;
        var lease = await h.Jobs.ReceiveAsync(TimeSpan.FromMinutes(1), TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(lease);

        await h.Runner.ProcessAsync(lease, CancellationToken.None);
        var again = await h.Runner.ProcessAsync(lease, CancellationToken.None);

        Assert.Equal(Core.Worker.JobDisposition.Complete, again);
        var started = (await h.DayEventsAsync()).Count(e => e.RequestId == queued.Id && e.Kind == AuditKind.Started);
        Assert.Equal(1, started);
    }

    [Fact]
    public async Task LabDeviceError_IsAFailedResultWithNonZeroReturnCode()
    {
        await using var h = LifecycleHarness.Create(settings: new Dictionary<string, string?> { ["Lab:Devices:fw-edge-02:Fail"] = "true" });
        await h.Submit.SubmitAsync(LifecycleHarness.Run("alice", "verify-ospf", inputs: ("device", "fw-edge-02")), CancellationToken.None);

        var done = await h.RunNextJobAsync();

        Assert.Equal(RequestStatus.Failed, done.Status);
        Assert.NotEqual(0, done.Result!.ReturnCode);
        Assert.Contains(await h.DayEventsAsync(), e => e.RequestId == done.Id && e.Kind == AuditKind.Failed && e.Details["returnCode"] != "0");
    }
}
