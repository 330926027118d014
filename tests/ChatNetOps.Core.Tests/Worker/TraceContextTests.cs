namespace ChatNetOps.Core.Tests.Worker;

using System.Collections.Concurrent;
using System.Diagnostics;
using ChatNetOps.Core.Requests;
using ChatNetOps.Testing.Lifecycle;

public sealed class TraceContextTests
{
    [Fact]
    public async Task ChatRequest_QueuedJob_AndDeviceRun_ShareOneTrace()
    {
        var activities = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("ChatNetOps.", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using var h = LifecycleHarness.Create();

        var queued = Assert.IsType<SubmitOutcome.Queued>(
            await h.Submit.SubmitAsync(LifecycleHarness.Run("alice", "verify-ospf", inputs: ("device", "core-rtr-01")), CancellationToken.None)).Request;
        await h.RunNextJobAsync();

        // The listener sees every test running in parallel: pick this request's activities by their ids.
        Assert.NotNull(queued.TraceParent);
        var submit = Assert.Single(activities, a => a.Id == queued.TraceParent);
        Assert.Equal("request verify-ospf", submit.OperationName);
        var run = Assert.Single(activities, a => a.OperationName == "run verify-ospf" && (string?)a.GetTagItem("chatnetops.request") == queued.Id);
        Assert.Equal(submit.TraceId, run.TraceId);

        // The executor's device span and its command spans sit under the run, in the same trace.
        var device = Assert.Single(activities, a => a.ParentSpanId == run.SpanId && a.Source.Name == "ChatNetOps.Execution");
        Assert.Equal("lab core-rtr-01", device.OperationName);
        Assert.Equal(submit.TraceId, device.TraceId);
        var commands = activities.Where(a => a.ParentSpanId == device.SpanId && a.OperationName == "lab command").ToList();
        Assert.NotEmpty(commands);
        Assert.All(commands, c => Assert.Equal(submit.TraceId, c.TraceId));
    }
}
