namespace ChatNetOps.Execution.Tests.FortiGate;

using System.Diagnostics;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.FortiGate;
using ChatNetOps.Execution.Tests.Tracing;
using Microsoft.Extensions.Time.Testing;

/// <summary>The spans of FortiGate REST runs against the Kestrel stand-in, as an ActivityListener sees them.</summary>
public sealed class FortiGateTracingTests
{
    [Fact]
    public async Task EachRequest_IsAClientSpan_WithMethodPathTemplateAndStatusCode()
    {
        await using var server = await FakeFortiGate.StartAsync();
        server.SessionCount = 47;
        using var harness = new FortiGateHarness(new FortiGateOptions { SessionPageSize = 20 });
        using var spans = new SpanCollector();

        var result = await harness.RunAsync(
            FortiGateHarness.Device(server, vdom: "root"),
            "get router info ospf neighbor",
            "diagnose sys session filter dport 443",
            "diagnose sys session list");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        var run = spans.Run;
        Assert.Equal("fortigate_api fw-api-01", run.DisplayName);
        Assert.Equal("fortios", run.GetTagItem("chatnetops.platform"));
        Assert.Equal(0, run.GetTagItem("chatnetops.rc"));

        var ospf = Assert.Single(spans.Named("GET /api/v2/monitor/router/ospf/neighbors"));
        Assert.Equal(run.SpanId, ospf.ParentSpanId);
        Assert.Equal(ActivityKind.Client, ospf.Kind);
        Assert.Equal("GET", ospf.GetTagItem("http.request.method"));
        Assert.Equal("/api/v2/monitor/router/ospf/neighbors", ospf.GetTagItem("url.template"));
        Assert.Equal(200, ospf.GetTagItem("http.response.status_code"));
        Assert.Equal("127.0.0.1", ospf.GetTagItem("server.address"));
        Assert.Equal(server.Port, ospf.GetTagItem("server.port"));
        Assert.Equal(1, ospf.GetTagItem("chatnetops.command.index"));
        Assert.Equal("get router info ospf neighbor", ospf.GetTagItem("chatnetops.command"));
        Assert.Equal(ActivityStatusCode.Unset, ospf.Status);

        var pages = spans.Named("GET /api/v2/monitor/firewall/session");
        Assert.Equal(new[] { 1, 2, 3 }, pages.Select(p => (int)p.GetTagItem("chatnetops.page")!));
        Assert.All(pages, p =>
        {
            Assert.Equal(3, p.GetTagItem("chatnetops.command.index"));
            Assert.Equal(200, p.GetTagItem("http.response.status_code"));
        });

        // The filter line sends nothing; queries (VDOM, filters, paging) and the token stay out of the spans.
        Assert.Equal(4, spans.Spans.Count(s => s.Kind == ActivityKind.Client));
        foreach (var text in spans.Spans.SelectMany(SpanCollector.ExportedText))
        {
            Assert.DoesNotContain(FakeFortiGate.Token, text, StringComparison.Ordinal);
            Assert.DoesNotContain("dstport", text, StringComparison.Ordinal);
            Assert.DoesNotContain("vdom=", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RefusedToken_SetsTheStatusCodeAndTheResultsError()
    {
        await using var server = await FakeFortiGate.StartAsync();
        using var harness = new FortiGateHarness(token: "not-the-right-token");
        using var spans = new SpanCollector();

        var result = await harness.RunAsync(FortiGateHarness.Device(server), "get system status");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        var call = Assert.Single(spans.Named("GET /api/v2/monitor/system/status"));
        Assert.Equal(401, call.GetTagItem("http.response.status_code"));
        AssertFailed(call, result.Error, "401");
        Assert.DoesNotContain(call.Events, e => e.Name == "exception");
        AssertFailed(spans.Run, result.Error, "401");
        Assert.Equal(401, spans.Run.GetTagItem("chatnetops.rc"));
        Assert.All(spans.Spans.SelectMany(SpanCollector.ExportedText), t => Assert.DoesNotContain("not-the-right-token", t, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RequestTimeout_SetsTimeoutStatusAndAnExceptionEvent_WithTheResultsError()
    {
        await using var server = await FakeFortiGate.StartAsync();
        server.Hang("/api/v2/monitor/system/resource/usage");
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var harness = new FortiGateHarness(new FortiGateOptions { RequestTimeout = TimeSpan.FromSeconds(5) }, time);
        using var spans = new SpanCollector();

        var run = harness.RunAsync(FortiGateHarness.Device(server), "get system status", "get system performance status");
        await server.HangReached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(6));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Equal(ActivityStatusCode.Unset, Assert.Single(spans.Named("GET /api/v2/monitor/system/status")).Status);
        var hung = Assert.Single(spans.Named("GET /api/v2/monitor/system/resource/usage"));
        AssertFailed(hung, result.Error, "timeout");
        Assert.Null(hung.GetTagItem("http.response.status_code"));
        Assert.Equal(result.Error, Assert.Single(hung.Events, e => e.Name == "exception").Tags.Single(t => t.Key == "exception.message").Value);
        AssertFailed(spans.Run, result.Error, "timeout");
    }

    [Fact]
    public async Task PinMismatch_MarksTheRequestCertificateRejected()
    {
        await using var server = await FakeFortiGate.StartAsync();
        using var harness = new FortiGateHarness();
        var wrongPin = new string('a', 64);
        using var spans = new SpanCollector();

        var result = await harness.RunAsync(FortiGateHarness.Device(server, pin: wrongPin), "get system status");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        AssertFailed(Assert.Single(spans.Named("GET /api/v2/monitor/system/status")), result.Error, "certificate_rejected");
        AssertFailed(spans.Run, result.Error, "certificate_rejected");
    }

    private static void AssertFailed(Activity span, string? error, string errorType)
    {
        Assert.NotNull(error);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(error, span.StatusDescription);
        Assert.Equal(errorType, span.GetTagItem("error.type"));
    }
}
