namespace ChatNetOps.Execution.Tests.Ssh;

using System.Diagnostics;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.Ssh;
using ChatNetOps.Execution.Tests.Tracing;

/// <summary>The spans of SSH runs against the simulator behind a real sshd, as an ActivityListener sees them.</summary>
[Collection(SshdCollection.Name)]
public sealed class SshTracingTests(SshdFixture sshd)
{
    private const string EnableSecret = "En4ble-Tr4ce-S3cret";

    [Fact]
    public async Task LinuxExecRun_HasSessionConnectAndCommandSpans_UnderTheCurrentActivity()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.Linux);
        using var harness = new SshHarness();
        using var spans = new SpanCollector();

        var result = await harness.RunAsync(sim, "uptime", "uname -a");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        var run = spans.Run;
        Assert.Equal("ssh " + sim.Device.Name, run.DisplayName);
        Assert.Equal(sim.Device.Name, run.GetTagItem("chatnetops.device"));
        Assert.Equal("linux", run.GetTagItem("chatnetops.platform"));
        Assert.Equal("test-runbook", run.GetTagItem("chatnetops.runbook"));
        Assert.Equal(false, run.GetTagItem("chatnetops.pooled"));
        Assert.Equal(0, run.GetTagItem("chatnetops.rc"));
        Assert.Equal(ActivityStatusCode.Unset, run.Status);

        var session = Assert.Single(spans.Named("ssh session"));
        Assert.Equal(run.SpanId, session.ParentSpanId);
        Assert.Equal(false, session.GetTagItem("chatnetops.pooled"));

        var connect = Assert.Single(spans.Named("ssh connect"));
        Assert.Equal(session.SpanId, connect.ParentSpanId);
        Assert.Equal(ActivityKind.Client, connect.Kind);
        Assert.Equal("127.0.0.1", connect.GetTagItem("server.address"));
        Assert.Equal(sshd.Port, connect.GetTagItem("server.port"));
        Assert.Equal("tcp", connect.GetTagItem("network.transport"));
        var hostKey = Assert.Single(connect.Events, e => e.Name == "ssh.host_key_checked");
        Assert.Equal(sshd.HostKeyFingerprint, Tag(hostKey, "chatnetops.ssh.host_key"));
        Assert.Equal(true, Tag(hostKey, "chatnetops.ssh.host_key_trusted"));

        var commands = spans.Named("ssh command");
        Assert.Equal(new[] { 1, 2 }, commands.Select(c => (int)c.GetTagItem("chatnetops.command.index")!));
        Assert.Equal(new[] { "uptime", "uname -a" }, commands.Select(c => (string)c.GetTagItem("chatnetops.command")!));
        Assert.All(commands, c =>
        {
            Assert.Equal(run.SpanId, c.ParentSpanId);
            Assert.Equal(ActivityKind.Client, c.Kind);
            Assert.Equal(0, c.GetTagItem("chatnetops.rc"));
            Assert.Equal(ActivityStatusCode.Unset, c.Status);
        });
    }

    [Fact]
    public async Task ReusedPooledSession_IsTaggedPooled_AndHasNoConnectOrShellSpan()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoIos);
        using var harness = new SshHarness();
        await harness.RunAsync(sim, "show version");
        using var spans = new SpanCollector();

        var result = await harness.RunAsync(sim, "show ip ospf neighbor");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(1, sim.Logins);
        Assert.Equal(true, spans.Run.GetTagItem("chatnetops.pooled"));
        Assert.Equal(true, Assert.Single(spans.Named("ssh session")).GetTagItem("chatnetops.pooled"));
        Assert.Empty(spans.Named("ssh connect"));
        Assert.Empty(spans.Named("ssh shell"));
        Assert.Single(spans.Named("ssh command"));
    }

    [Fact]
    public async Task IosUserExecLogin_WithEnableSecret_HasAnEnableSpanBeforeTheFirstCommand()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoIos);
        await sim.SetEnableSecretAsync(EnableSecret);
        using var harness = new SshHarness();
        using var spans = new SpanCollector();

        var result = await RunAsync(harness, sim, sim.PasswordCredential with { EnableSecret = EnableSecret }, "show version");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        var run = spans.Run;
        var shell = Assert.Single(spans.Named("ssh shell"));
        var enable = Assert.Single(spans.Named("ssh enable"));
        var command = Assert.Single(spans.Named("ssh command"));
        Assert.Equal(run.SpanId, shell.ParentSpanId);
        Assert.Equal(run.SpanId, enable.ParentSpanId);
        Assert.Equal(ActivityKind.Client, enable.Kind);
        Assert.Equal(ActivityStatusCode.Unset, enable.Status);
        Assert.True(shell.StartTimeUtc + shell.Duration <= enable.StartTimeUtc, "the shell is open before enable is sent");
        Assert.True(enable.StartTimeUtc + enable.Duration <= command.StartTimeUtc, "enable mode is entered before the first command");
    }

    [Fact]
    public async Task PrivilegedLogin_HasNoEnableSpan()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoIos);
        using var harness = new SshHarness();
        using var spans = new SpanCollector();

        var result = await RunAsync(harness, sim, sim.PasswordCredential with { EnableSecret = EnableSecret }, "show version");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Single(spans.Named("ssh shell"));
        Assert.Empty(spans.Named("ssh enable"));
    }

    [Fact]
    public async Task WrongEnableSecret_MarksTheEnableSpanAndTheRun_WithTheResultsError()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoIos);
        await sim.SetEnableSecretAsync(EnableSecret);
        using var harness = new SshHarness();
        using var spans = new SpanCollector();

        var result = await RunAsync(harness, sim, sim.PasswordCredential with { EnableSecret = "not-the-enable-secret" }, "show version");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        var enable = Assert.Single(spans.Named("ssh enable"));
        AssertFailed(enable, result.Error, "enable_failed");
        Assert.Equal(result.Error, Tag(Assert.Single(enable.Events, e => e.Name == "exception"), "exception.message"));
        AssertFailed(spans.Run, result.Error, "enable_failed");
        Assert.Empty(spans.Named("ssh command"));
    }

    [Fact]
    public async Task FailingCommand_SetsErrorStatusWithTheResultsMessage()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.Linux);
        using var harness = new SshHarness();
        using var spans = new SpanCollector();

        var result = await harness.RunAsync(sim, "uptime", "no-such-tool --now", "uname -a");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        var commands = spans.Named("ssh command");
        Assert.Equal(2, commands.Count);
        Assert.Equal(ActivityStatusCode.Unset, commands[0].Status);
        AssertFailed(commands[1], result.Error, "command_failed");
        Assert.Equal(127, commands[1].GetTagItem("chatnetops.rc"));
        Assert.DoesNotContain(commands[1].Events, e => e.Name == "exception");
        AssertFailed(spans.Run, result.Error, "command_failed");
        Assert.Equal(127, spans.Run.GetTagItem("chatnetops.rc"));
        Assert.Equal("Failed", spans.Run.GetTagItem("chatnetops.status"));
    }

    [Fact]
    public async Task CommandTimeout_SetsErrorStatusAndAnExceptionEventWithTheResultsMessage()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.CiscoIos, mode: "hang-on version");
        using var harness = new SshHarness(new SshExecutorOptions { ConnectTimeout = TimeSpan.FromSeconds(15), CommandTimeout = TimeSpan.FromSeconds(2) });
        using var spans = new SpanCollector();

        var result = await harness.RunAsync(sim, "show ip ospf neighbor", "show version");

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.StartsWith("no complete answer within 2 s in command 2 of 2 ('show version')", result.Error, StringComparison.Ordinal);
        var commands = spans.Named("ssh command");
        Assert.Equal(2, commands.Count);
        AssertFailed(commands[1], result.Error, "timeout");
        var exception = Assert.Single(commands[1].Events, e => e.Name == "exception");
        Assert.Equal(result.Error, Tag(exception, "exception.message"));
        AssertFailed(spans.Run, result.Error, "timeout");
        Assert.Equal("TimedOut", spans.Run.GetTagItem("chatnetops.status"));
        Assert.Single(spans.Spans.SelectMany(s => s.Events), e => e.Name == "exception");
    }

    [Fact]
    public async Task HostKeyMismatch_MarksTheConnectSpan_WithTheResultsError()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.Linux);
        using var harness = new SshHarness();
        using var spans = new SpanCollector();
        const string Pinned = "SHA256:fu1Loq/BLK0B16d4dwOHSpEHiupgguNo2osvs7gMIqw";

        var result = await harness.RunAsync(sim, sim.Device with { HostKeyFingerprint = Pinned }, "uptime");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        var connect = Assert.Single(spans.Named("ssh connect"));
        AssertFailed(connect, result.Error, "host_key_rejected");
        Assert.Equal(false, Tag(Assert.Single(connect.Events, e => e.Name == "ssh.host_key_checked"), "chatnetops.ssh.host_key_trusted"));
        Assert.Single(connect.Events, e => e.Name == "exception");
        AssertFailed(Assert.Single(spans.Named("ssh session")), result.Error, "host_key_rejected");
        AssertFailed(spans.Run, result.Error, "host_key_rejected");
        Assert.Single(spans.Spans.SelectMany(s => s.Events), e => e.Name == "exception");
        Assert.Empty(spans.Named("ssh command"));
    }

    [Fact]
    public async Task NoCredentialSecretOrDeviceOutput_AppearsInAnySpan()
    {
        var ios = await sshd.CreateDeviceAsync(Platform.CiscoIos, mode: "secrets\nenable-echo");
        await ios.SetEnableSecretAsync(EnableSecret);
        var refusing = await sshd.CreateDeviceAsync(Platform.CiscoIos);
        await refusing.SetEnableSecretAsync("the-device-wants-another-one");
        var linux = await sshd.CreateDeviceAsync(Platform.Linux, mode: "secrets");
        var fortios = await sshd.CreateDeviceAsync(Platform.FortiOS, mode: "secrets");
        using var harness = new SshHarness();
        using var spans = new SpanCollector();

        var enabled = await RunAsync(harness, ios, ios.PasswordCredential with { EnableSecret = EnableSecret }, "show version");
        var denied = await RunAsync(harness, refusing, refusing.PasswordCredential with { EnableSecret = EnableSecret }, "show version");
        var keyed = await RunAsync(harness, linux, linux.KeyCredential, "uptime", "echo password=hunter2-s3cret", "false password=hunter2-s3cret");
        var wrongPassword = await RunAsync(harness, fortios, new DeviceCredential(fortios.User) { Password = "not-the-password-42" }, "get system status");
        var firewall = await RunAsync(harness, fortios, fortios.PasswordCredential, "get system status");

        // The runs really handled every secret and produced the output looked for below.
        Assert.Equal(ExecutionStatus.Succeeded, enabled.Status);
        Assert.Contains("Sup3rS3cretComm", enabled.RawOutput, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.Failed, denied.Status);
        Assert.Equal(ExecutionStatus.Failed, keyed.Status);
        Assert.Contains("hunter2-s3cret", keyed.RawOutput, StringComparison.Ordinal);
        Assert.Contains("hunter2-s3cret", keyed.Error, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.Failed, wrongPassword.Status);
        Assert.Equal(ExecutionStatus.Succeeded, firewall.Status);
        Assert.Contains("9fk3mQpX8rTz2LwN5vYb7HcJ4dGs1A", firewall.RawOutput, StringComparison.Ordinal);

        string[] secrets =
        [
            ios.Password, refusing.Password, linux.Password, fortios.Password, "not-the-password-42", EnableSecret,
            .. sshd.ClientKeyPem.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)),
            "Sup3rS3cretComm", "094F471A1A0A", "$1$mERr$hx5rVt7rPNoS4wqbXKX7m0", "0822455D0A16",
            "hunter2-s3cret", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW",
            "SH2Qm9ndXNTZWNyZXRIYXNoVmFsdWUxMjM0NTY3ODkw", "Rm9ydGlQU0tTZWNyZXRWYWx1ZQ==", "9fk3mQpX8rTz2LwN5vYb7HcJ4dGs1A",
        ];
        string[] output = ["Configuration register is 0x102", "Cisco IOS XE Software", "load average", "Serial-Number"];
        Assert.All(output, o => Assert.Contains(o, enabled.RawOutput + keyed.RawOutput + firewall.RawOutput, StringComparison.Ordinal));

        Assert.True(spans.Spans.Count >= 20, $"expected the spans of five runs, got {spans.Spans.Count}");
        Assert.Contains(spans.Spans, s => s.OperationName == "ssh enable" && s.Status == ActivityStatusCode.Error);
        Assert.Contains(spans.Spans, s => (string?)s.GetTagItem("chatnetops.command") == "echo password=<redacted>");
        foreach (var text in spans.Spans.SelectMany(SpanCollector.ExportedText))
        {
            Assert.All(secrets.Concat(output), s => Assert.DoesNotContain(s, text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task ChatRequest_Job_AndDeviceSpans_ShareOneTrace()
    {
        var sim = await sshd.CreateDeviceAsync(Platform.Linux);
        using var harness = new SshHarness();
        using var spans = new SpanCollector();

        // The bot's request span; the job carries its W3C traceparent to the worker (as SubmitService and JobRunner do).
        string traceParent;
        ActivityTraceId requestTrace;
        using (var request = Core.Telemetry.Source.StartActivity("request verify-ospf", ActivityKind.Producer))
        {
            Assert.NotNull(request);
            traceParent = request.Id!;
            requestTrace = request.TraceId;
        }

        // The worker has no ambient activity: only the traceparent links the run to the chat request.
        Activity.Current = null;
        using var job = Core.Telemetry.StartFrom("run verify-ospf", ActivityKind.Consumer, traceParent);
        Assert.NotNull(job);
        var result = await harness.RunAsync(sim, "uptime");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(requestTrace, job.TraceId);
        Assert.True(spans.Spans.Count >= 4, $"expected run, session, connect and command spans in the request's trace, got {spans.Spans.Count}");
        Assert.All(spans.Spans, s => Assert.Equal(requestTrace, s.TraceId));
        var run = Assert.Single(spans.Spans, s => s.ParentSpanId == job.SpanId);
        Assert.Equal("ssh " + sim.Device.Name, run.DisplayName);
    }

    private static void AssertFailed(Activity span, string? error, string errorType)
    {
        Assert.NotNull(error);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(error, span.StatusDescription);
        Assert.Equal(errorType, span.GetTagItem("error.type"));
    }

    private static object? Tag(ActivityEvent e, string key) => e.Tags.Single(t => t.Key == key).Value;

    private static Task<DeviceRunResult> RunAsync(SshHarness harness, SimDevice sim, DeviceCredential credential, params string[] commands)
    {
        harness.Credentials.Add(sim.Device.CredentialRef, credential);
        return harness.Executor.ExecuteAsync(SshHarness.Plan(sim.Device, commands), CancellationToken.None);
    }
}
