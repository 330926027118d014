namespace ChatNetOps.Slack.Tests.EndToEnd;

using System.Collections.Concurrent;
using System.Diagnostics;
using ChatNetOps.Core.Audit;
using static ChatNetOps.Slack.Tests.EndToEnd.SlackHost;

/// <summary>
/// One trace from the Slack command to the device: a signed slash command through the real bot host (the ack that
/// queues it, the chat-work processor, the dialog, the request service, the in-process worker and the lab executor),
/// each span the child of the one before, whatever queue sits between them.
/// </summary>
public sealed class TraceEndToEndTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly SemaphoreSlim _stoppedSignal = new(0);
    private readonly ActivityListener _listener;

    public TraceEndToEndTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("ChatNetOps.", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                _stopped.Enqueue(activity);
                _stoppedSignal.Release();
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _stoppedSignal.Dispose();
    }

    [Fact]
    public async Task SlashCommand_ItsJob_AndTheDeviceRun_ShareOneTrace_ThroughTheDialog()
    {
        await using var host = await StartAsync();

        await host.CommandAsync(Alice, IncidentChannel, "verify-ospf device=core-rtr-01");
        await host.Slack.WaitForAsync("chat.postMessage", c => c.Str("text")!.Contains("verify-ospf on core-rtr-01: succeeded", StringComparison.Ordinal), Wait);
        var requestId = Assert.Single(await host.Factory.AuditAsync(), e => e.Kind == AuditKind.Requested).RequestId;

        // The listener sees every test running in parallel: this request's run, then the spans of its trace.
        var run = await StoppedAsync(a => a.OperationName == "run verify-ospf" && (string?)a.GetTagItem("chatnetops.request") == requestId);
        var receive = await StoppedAsync(run, "ChatNetOps.Slack", "slack.receive slash_command");
        var work = await StoppedAsync(run, "ChatNetOps.Slack", "slack.work slash_command");
        var dialog = await StoppedAsync(run, "ChatNetOps.Conversation", "dialog command");
        var request = await StoppedAsync(run, "ChatNetOps.Core", "request verify-ospf");
        var device = await StoppedAsync(run, "ChatNetOps.Execution", "lab core-rtr-01");
        await StoppedAsync(a => a.TraceId == run.TraceId && a.Source.Name == "ChatNetOps.Conversation" && a.OperationName.StartsWith("notify ", StringComparison.Ordinal));

        // Each span is the child of the one before: across the chat-work queue, through the dialog, across the job queue.
        Assert.Equal(receive.SpanId, work.ParentSpanId);
        Assert.Equal(work.SpanId, dialog.ParentSpanId);
        Assert.Equal(dialog.SpanId, request.ParentSpanId);
        Assert.Equal(request.SpanId, run.ParentSpanId);
        Assert.Equal(run.SpanId, device.ParentSpanId);

        // The result notifications posted back to Slack continue the trace from the request, too.
        Assert.All(
            _stopped.Where(a => a.TraceId == run.TraceId && a.OperationName.StartsWith("notify ", StringComparison.Ordinal)),
            notify => Assert.Equal(request.SpanId, notify.ParentSpanId));
    }

    /// <summary>The one span of <paramref name="run"/>'s trace from <paramref name="source"/> named <paramref name="name"/>, once stopped.</summary>
    private async Task<Activity> StoppedAsync(Activity run, string source, string name)
    {
        bool Matches(Activity a) => a.TraceId == run.TraceId && a.Source.Name == source && a.OperationName == name;
        var span = await StoppedAsync(Matches);
        Assert.Single(_stopped, Matches);
        return span;
    }

    /// <summary>The first stopped span matching <paramref name="predicate"/>, waiting for it (bounded) if it has not stopped yet.</summary>
    private async Task<Activity> StoppedAsync(Func<Activity, bool> predicate)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(Wait.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (true)
        {
            if (_stopped.FirstOrDefault(predicate) is { } match)
            {
                return match;
            }

            var left = TimeProvider.System.GetElapsedTime(TimeProvider.System.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero || !await _stoppedSignal.WaitAsync(left))
            {
                throw new TimeoutException("No matching span stopped in time.");
            }
        }
    }
}
