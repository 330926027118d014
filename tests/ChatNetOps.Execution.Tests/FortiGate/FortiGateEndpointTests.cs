namespace ChatNetOps.Execution.Tests.FortiGate;

using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.FortiGate;

/// <summary>Each runbook command against the stand-in FortiGate: the request sent and the text rendered.</summary>
public sealed class FortiGateEndpointTests
{
    [Fact]
    public async Task OspfNeighbors_ReadsMonitorApiWithBearerToken_AndRendersTableAndRawJson()
    {
        await using var server = await FakeFortiGate.StartAsync();
        using var harness = new FortiGateHarness();

        var result = await harness.RunAsync(FortiGateHarness.Device(server), "get router info ospf neighbor");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(0, result.ReturnCode);
        Assert.Null(result.Error);
        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/v2/monitor/router/ospf/neighbors", request.Path);
        Assert.Equal(string.Empty, request.Query);
        Assert.Equal("Bearer " + FakeFortiGate.Token, request.Authorization);
        Assert.Contains("fw-api-01 # get router info ospf neighbor\n", result.RawOutput, StringComparison.Ordinal);
        Assert.Matches(@"Neighbor ID\s+Pri\s+State\s+Address", result.RawOutput);
        Assert.Matches(@"10\.255\.255\.2\s+1\s+Full\s+10\.255\.0\.2", result.RawOutput);
        Assert.Contains("2 neighbor(s)", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("# raw JSON of GET /api/v2/monitor/router/ospf/neighbors\n", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("\"router_id\":\"10.255.255.3\"", result.RawOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeFortiGate.Token, result.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VpnStatus_SummaryListsEveryTunnel_AndNamedListShowsOnlyThatTunnel()
    {
        await using var server = await FakeFortiGate.StartAsync();
        using var harness = new FortiGateHarness();

        var result = await harness.RunAsync(FortiGateHarness.Device(server), "get vpn ipsec tunnel summary", "diagnose vpn tunnel list name vpn-branch1");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.All(requests, r => Assert.Equal("/api/v2/monitor/vpn/ipsec", r.Path));
        Assert.Equal(string.Empty, requests[0].Query);
        Assert.Equal("?tunnel=vpn-branch1", requests[1].Query);
        Assert.Matches(@"vpn-branch1\s+198\.51\.100\.20\s+1/1\s+123456\s+654321", result.RawOutput);
        Assert.Matches(@"vpn-branch2\s+198\.51\.100\.30\s+1/0", result.RawOutput);
        var detail = result.RawOutput[result.RawOutput.IndexOf("diagnose vpn tunnel list name vpn-branch1", StringComparison.Ordinal)..];
        Assert.Contains("name=vpn-branch1 type=automatic rgwy=198.51.100.20", detail, StringComparison.Ordinal);
        Assert.Matches(@"vpn-branch1\s+up\s+10\.10\.0\.0/255\.255\.0\.0\s+10\.20\.0\.0/255\.255\.0\.0\s+1532", detail);
        Assert.DoesNotContain("name=vpn-branch2", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TunnelList_UnknownName_SucceedsAndSaysSo()
    {
        await using var server = await FakeFortiGate.StartAsync();
        using var harness = new FortiGateHarness();

        var result = await harness.RunAsync(FortiGateHarness.Device(server), "diagnose vpn tunnel list name vpn-nowhere");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Contains("no IPsec tunnel named vpn-nowhere", result.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SystemStatus_MapsStatusAndPerformanceToMonitorApi()
    {
        await using var server = await FakeFortiGate.StartAsync();
        using var harness = new FortiGateHarness();

        var result = await harness.RunAsync(FortiGateHarness.Device(server), "get system status", "get system performance status");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        var requests = server.Requests.ToArray();
        Assert.Equal("/api/v2/monitor/system/status", requests[0].Path);
        Assert.Equal("/api/v2/monitor/system/resource/usage", requests[1].Path);
        Assert.Equal("?interval=1-min", requests[1].Query);
        Assert.Contains("Version: v7.2.8,build1639\n", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("Serial-Number: FGT60FTK2000TEST\n", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("hostname: fw-edge-01\n", result.RawOutput, StringComparison.Ordinal);
        Assert.Matches(@"session\s+1873", result.RawOutput);
        Assert.Matches(@"cpu\s+7", result.RawOutput);
    }

    [Fact]
    public async Task SessionList_SendsRunbookFiltersAndPagesAcrossThreePages()
    {
        await using var server = await FakeFortiGate.StartAsync();
        server.SessionCount = 47;
        using var harness = new FortiGateHarness(new FortiGateOptions { SessionPageSize = 20 });

        var result = await harness.RunAsync(
            FortiGateHarness.Device(server),
            "diagnose sys session filter clear",
            "diagnose sys session filter src 10.10.1.5",
            "diagnose sys session filter dst 203.0.113.10",
            "diagnose sys session filter dport 443",
            "diagnose sys session filter proto 6",
            "diagnose sys session list");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        var requests = server.Requests.ToArray();
        Assert.Equal(
            [
                "?source=10.10.1.5&destination=203.0.113.10&dstport=443&protocol=tcp&start=0&count=20",
                "?source=10.10.1.5&destination=203.0.113.10&dstport=443&protocol=tcp&start=20&count=20",
                "?source=10.10.1.5&destination=203.0.113.10&dstport=443&protocol=tcp&start=40&count=20",
            ],
            requests.Select(r => r.Query));
        Assert.All(requests, r => Assert.Equal("/api/v2/monitor/firewall/session", r.Path));
        Assert.Contains("total session 47\n", result.RawOutput, StringComparison.Ordinal);
        Assert.Matches(@"tcp\s+10\.10\.1\.47\s+40046\s+203\.0\.113\.10\s+443\s+12", result.RawOutput);
        Assert.Equal(3, CountOccurrences(result.RawOutput, "# raw JSON of GET /api/v2/monitor/firewall/session"));
        Assert.DoesNotContain("truncated", result.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionList_StopsAtMaxSessions_AndStatesTheTruncation()
    {
        await using var server = await FakeFortiGate.StartAsync();
        server.SessionCount = 500;
        using var harness = new FortiGateHarness(new FortiGateOptions { SessionPageSize = 20, MaxSessions = 50 });

        var result = await harness.RunAsync(FortiGateHarness.Device(server), "diagnose sys session filter clear", "diagnose sys session list");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(["?start=0&count=20", "?start=20&count=20", "?start=40&count=10"], server.Requests.Select(r => r.Query));
        Assert.Contains("total session 50\n", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("# output truncated: stopped after 50 sessions (Execution:FortiGate:MaxSessions)", result.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vdom_IsSentAsQueryParameterOnEveryRequest_AndShownInThePrompt()
    {
        await using var server = await FakeFortiGate.StartAsync();
        server.SessionCount = 3;
        using var harness = new FortiGateHarness();

        var result = await harness.RunAsync(FortiGateHarness.Device(server, vdom: "dmz"), "get router info ospf neighbor", "diagnose sys session list", "get system status");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(["?vdom=dmz", "?vdom=dmz&start=0&count=1000", "?vdom=dmz"], server.Requests.Select(r => r.Query));
        Assert.Contains("fw-api-01 (dmz) # get router info ospf neighbor\n", result.RawOutput, StringComparison.Ordinal);
        Assert.Contains("Virtual domain: dmz\n", result.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConsecutiveRuns_ReuseTheTlsConnection()
    {
        await using var server = await FakeFortiGate.StartAsync();
        var connections = new HashSet<string>(StringComparer.Ordinal);
        server.Route("/api/v2/monitor/system/status", c =>
        {
            lock (connections)
            {
                connections.Add(c.Connection.Id);
            }

            return FakeFortiGate.Json(c, FortiOsJson.SystemStatus());
        });
        using var harness = new FortiGateHarness();
        var device = FortiGateHarness.Device(server);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(ExecutionStatus.Succeeded, (await harness.RunAsync(device, "get system status")).Status);
        }

        Assert.Single(connections);
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
