namespace ChatNetOps.Execution.Tests.Lab;

using System.Diagnostics;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.Tests.Tracing;

/// <summary>Lab runs trace like real ones: a run span with a span per command.</summary>
public sealed class LabTracingTests
{
    [Fact]
    public async Task LabRun_HasARunSpanAndASpanPerCommand()
    {
        var harness = new LabHarness();
        var device = LabHarness.DeviceFor(Platform.CiscoIos);
        using var spans = new SpanCollector();

        var result = await harness.RunAsync(device, "show version", "show ip ospf neighbor");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("lab acc-sw-01", spans.Run.DisplayName);
        var commands = spans.Named("lab command");
        Assert.Equal(new[] { "show version", "show ip ospf neighbor" }, commands.Select(c => (string)c.GetTagItem("chatnetops.command")!));
        Assert.All(commands, c => Assert.Equal(spans.Run.SpanId, c.ParentSpanId));
    }

    [Fact]
    public async Task FailingCommand_SetsErrorStatusWithTheResultsMessage()
    {
        var harness = new LabHarness();
        var device = LabHarness.DeviceFor(Platform.CiscoIos);
        using var spans = new SpanCollector();

        var result = await harness.RunAsync(device, "configure terminal", "interface GigabitEthernet9/0/9", "shutdown");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        var failed = spans.Named("lab command")[^1];
        Assert.Equal(2, failed.GetTagItem("chatnetops.command.index"));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal(result.Error, failed.StatusDescription);
        Assert.Equal(result.Error, spans.Run.StatusDescription);
        Assert.Equal("command_failed", spans.Run.GetTagItem("error.type"));
    }

    [Fact]
    public async Task Timeout_SetsErrorStatusWithTheResultsMessage()
    {
        var harness = new LabHarness(o => o.Latency = TimeSpan.FromMilliseconds(400));
        var device = LabHarness.DeviceFor(Platform.CiscoIos);
        using var spans = new SpanCollector();

        var run = harness.Executor.ExecuteAsync(LabHarness.Plan(device, ["show clock", "show version", "show ip ospf neighbor"], TimeSpan.FromSeconds(1)), CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        var interrupted = spans.Named("lab command")[^1];
        Assert.Equal(result.Error, interrupted.StatusDescription);
        Assert.Equal("timeout", interrupted.GetTagItem("error.type"));
        Assert.Equal(result.Error, spans.Run.StatusDescription);
    }
}
