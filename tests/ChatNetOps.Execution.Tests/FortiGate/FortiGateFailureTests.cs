namespace ChatNetOps.Execution.Tests.FortiGate;

using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.FortiGate;
using Microsoft.Extensions.Time.Testing;

/// <summary>Refused certificates and tokens, HTTP and FortiOS errors, hangs and unsupported commands become results.</summary>
public sealed class FortiGateFailureTests
{
    [Fact]
    public async Task PinMismatch_RefusesBeforeSendingTheToken()
    {
        await using var server = await FakeFortiGate.StartAsync();
        using var harness = new FortiGateHarness();
        var wrongPin = new string('a', 64);

        var result = await harness.RunAsync(FortiGateHarness.Device(server, pin: wrongPin), "get system status");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Contains($"certificate pin mismatch: expected {wrongPin}, got {server.Fingerprint}", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Pin_AcceptsUpperCaseAndColonSeparatedHex()
    {
        await using var server = await FakeFortiGate.StartAsync();
        using var harness = new FortiGateHarness();
        var pin = string.Join(":", Convert.FromHexString(server.Fingerprint).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

        var result = await harness.RunAsync(FortiGateHarness.Device(server, pin: pin), "get system status");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
    }

    [Fact]
    public async Task NoPinAndNoCaFile_Refused()
    {
        await using var server = await FakeFortiGate.StartAsync();
        using var harness = new FortiGateHarness();

        var result = await harness.RunAsync(FortiGateHarness.Device(server, pinned: false), "get system status");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Contains($"no pinned TLS certificate for fw-api-01 and no Execution:FortiGate:CaFile; the server presented {server.Fingerprint}", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task CaFile_CertificateChainingToIt_IsTrustedWithoutPin()
    {
        using var authority = TestCertificates.CreateAuthority();
        await using var server = await FakeFortiGate.StartAsync(TestCertificates.IssuedBy(authority));
        var caFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(caFile, TestCertificates.Pem(authority));
            using var harness = new FortiGateHarness(new FortiGateOptions { CaFile = caFile });

            var result = await harness.RunAsync(FortiGateHarness.Device(server, pinned: false), "get system status");

            Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        }
        finally
        {
            File.Delete(caFile);
        }
    }

    [Fact]
    public async Task CaFile_SelfSignedCertificateNotFromIt_Refused()
    {
        using var authority = TestCertificates.CreateAuthority();
        await using var server = await FakeFortiGate.StartAsync();
        var caFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(caFile, TestCertificates.Pem(authority));
            using var harness = new FortiGateHarness(new FortiGateOptions { CaFile = caFile });

            var result = await harness.RunAsync(FortiGateHarness.Device(server, pinned: false), "get system status");

            Assert.Equal(ExecutionStatus.Failed, result.Status);
            Assert.Contains("does not chain to Execution:FortiGate:CaFile", result.Error, StringComparison.Ordinal);
            Assert.Empty(server.Requests);
        }
        finally
        {
            File.Delete(caFile);
        }
    }

    [Fact]
    public async Task WrongToken_Failed401_WithoutTheTokenInOutputOrError()
    {
        await using var server = await FakeFortiGate.StartAsync();
        using var harness = new FortiGateHarness(token: "not-the-right-token");

        var result = await harness.RunAsync(FortiGateHarness.Device(server), "get router info ospf neighbor", "get system status");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal(401, result.ReturnCode);
        Assert.Contains("HTTP 401 Unauthorized", result.Error, StringComparison.Ordinal);
        Assert.Contains("credential 'fortigate-api'", result.Error, StringComparison.Ordinal);
        Assert.Single(server.Requests);
        Assert.DoesNotContain("not-the-right-token", result.Error + result.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forbidden_Failed403_NamesTheVdom()
    {
        await using var server = await FakeFortiGate.StartAsync();
        server.Route("/api/v2/monitor/router/ospf/neighbors", c => FakeFortiGate.Json(c, FortiOsJson.Error(-37, 403), 403));
        using var harness = new FortiGateHarness();

        var result = await harness.RunAsync(FortiGateHarness.Device(server, vdom: "dmz"), "get router info ospf neighbor");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal(403, result.ReturnCode);
        Assert.Contains("HTTP 403 Forbidden", result.Error, StringComparison.Ordinal);
        Assert.Contains("VDOM dmz", result.Error, StringComparison.Ordinal);
        Assert.Contains("\"error\":-37", result.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotFound_Failed404_KeepsEarlierOutput()
    {
        await using var server = await FakeFortiGate.StartAsync();
        server.Route("/api/v2/monitor/system/resource/usage", c => FakeFortiGate.Json(c, FortiOsJson.Error(-3, 404, "system", "resource"), 404));
        using var harness = new FortiGateHarness();

        var result = await harness.RunAsync(FortiGateHarness.Device(server), "get system status", "get system performance status");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal(404, result.ReturnCode);
        Assert.Contains("command 2 of 2 ('get system performance status'): HTTP 404 Not Found", result.Error, StringComparison.Ordinal);
        Assert.Contains("hostname: fw-edge-01", result.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerError_Failed5xx()
    {
        await using var server = await FakeFortiGate.StartAsync();
        server.Route("/api/v2/monitor/vpn/ipsec", c => FakeFortiGate.Json(c, "<html>Internal Server Error</html>", 500));
        using var harness = new FortiGateHarness();

        var result = await harness.RunAsync(FortiGateHarness.Device(server), "get vpn ipsec tunnel summary");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal(500, result.ReturnCode);
        Assert.Contains("HTTP 500 from the FortiGate", result.Error, StringComparison.Ordinal);
        Assert.Contains("<html>Internal Server Error</html>", result.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FortiOsErrorJson_With200_Failed()
    {
        await using var server = await FakeFortiGate.StartAsync();
        server.Route("/api/v2/monitor/router/ospf/neighbors", c => FakeFortiGate.Json(c, FortiOsJson.Error(-5, 400)));
        using var harness = new FortiGateHarness();

        var result = await harness.RunAsync(FortiGateHarness.Device(server), "get router info ospf neighbor");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal(-5, result.ReturnCode);
        Assert.Contains("FortiOS answered GET /api/v2/monitor/router/ospf/neighbors with status error (error -5), http_status 400", result.Error, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"error\"", result.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerHangs_TimedOutAfterRequestTimeout_KeepsPartialOutput()
    {
        await using var server = await FakeFortiGate.StartAsync();
        server.Hang("/api/v2/monitor/system/resource/usage");
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var harness = new FortiGateHarness(new FortiGateOptions { RequestTimeout = TimeSpan.FromSeconds(5) }, time);

        var run = harness.RunAsync(FortiGateHarness.Device(server), "get system status", "get system performance status");
        await server.HangReached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(6));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Contains("no complete answer to GET /api/v2/monitor/system/resource/usage?interval=1-min within 5 s", result.Error, StringComparison.Ordinal);
        Assert.Contains("hostname: fw-edge-01", result.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerHangs_RunbookTimeoutFirst_TimedOut()
    {
        await using var server = await FakeFortiGate.StartAsync();
        server.Hang("/api/v2/monitor/router/ospf/neighbors");
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var harness = new FortiGateHarness(new FortiGateOptions { RequestTimeout = TimeSpan.FromMinutes(5) }, time);
        var plan = FortiGateHarness.Plan(FortiGateHarness.Device(server), RunbookMode.ReadOnly, TimeSpan.FromSeconds(60), "get router info ospf neighbor");

        var run = harness.Executor.ExecuteAsync(plan, CancellationToken.None);
        await server.HangReached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(61));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Contains("runbook timed out after 60 s", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionRefused_Failed()
    {
        await using var server = await FakeFortiGate.StartAsync();
        var device = FortiGateHarness.Device(server);
        await server.DisposeAsync();
        using var harness = new FortiGateHarness();

        var result = await harness.RunAsync(device, "get system status");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Contains("GET https://127.0.0.1:", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("execute reboot")]
    [InlineData("diagnose sys session clear")]
    [InlineData("config system interface")]
    [InlineData("diagnose sys session filter sport abc")]
    public async Task UnmappableCommand_FailsBeforeAnyRequest(string command)
    {
        await using var server = await FakeFortiGate.StartAsync();
        using var harness = new FortiGateHarness();

        var result = await harness.RunAsync(FortiGateHarness.Device(server), "get system status", command);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal($"command 2 of 2 ('{command}') is not supported over the REST API; use ssh transport", result.Error);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task StateChangingRunbook_NotSupported()
    {
        await using var server = await FakeFortiGate.StartAsync();
        using var harness = new FortiGateHarness();
        var plan = FortiGateHarness.Plan(FortiGateHarness.Device(server), RunbookMode.StateChanging, TimeSpan.FromSeconds(30), "get system status");

        var result = await harness.Executor.ExecuteAsync(plan, CancellationToken.None);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Contains("not supported over the REST API; use ssh transport", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task CredentialWithoutApiToken_Failed()
    {
        await using var server = await FakeFortiGate.StartAsync();
        using var harness = new FortiGateHarness(token: null);

        var result = await harness.RunAsync(FortiGateHarness.Device(server), "get system status");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Contains("credential 'fortigate-api' has no API token", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task UnknownCredential_Failed()
    {
        await using var server = await FakeFortiGate.StartAsync();
        using var harness = new FortiGateHarness();
        var device = FortiGateHarness.Device(server) with { CredentialRef = "nobody" };

        var result = await harness.RunAsync(device, "get system status");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.IsType<string>(result.Error);
        Assert.Contains("No credential named 'nobody'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongTransport_Failed()
    {
        using var harness = new FortiGateHarness();
        var device = new Device("sw", Platform.CiscoIos, [], "test", "127.0.0.1", 443, Transport.Ssh, "x", null, 1);

        var result = await harness.Executor.ExecuteAsync(FortiGateHarness.Plan(device, "show version"), CancellationToken.None);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Contains("not fortigate_api", result.Error, StringComparison.Ordinal);
    }
}
