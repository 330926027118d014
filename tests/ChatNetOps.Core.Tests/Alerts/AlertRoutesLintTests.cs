namespace ChatNetOps.Core.Tests.Alerts;

using ChatNetOps.Core.Alerts;
using ChatNetOps.Core.Alerts.Routing;
using ChatNetOps.Core.Inventory.Loading;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Tests.Inventory;

/// <summary>inventory/alert-routes.yaml: its schema, the lint rules the schema cannot state, and what the loader builds.</summary>
public sealed class AlertRoutesLintTests : IDisposable
{
    private const string DefaultRoute = """
          - name: default
            default: true
            target: { platform: slack, conversation_id: C0NOC0001 }
        """;

    private readonly TempInventory _inventory = new();

    public void Dispose() => _inventory.Dispose();

    [Fact]
    public void ShippedRoutes_LoadWithZeroDiagnostics_InOrder_WithOneDefault()
    {
        var result = InventoryLoader.Load(SampleInventory.Directory);

        Assert.Empty(result.Diagnostics);
        var table = result.Catalog!.AlertRoutes;
        Assert.Equal(["wan-edge-interfaces", "azure-vpn", "default"], table.Routes.Select(r => r.Name));
        Assert.Equal("default", table.Default!.Name);
        var wan = table.Routes[0];
        Assert.Equal(ChatPlatform.Slack, wan.Platform);
        Assert.Equal(IncidentPolicy.Attach, wan.IncidentPolicy);
        Assert.Equal(TimeSpan.FromMinutes(15), wan.FlapWindow);
        Assert.Equal("interface-counters", wan.FirstStep!.Runbook);
        Assert.False(wan.FirstStep.AutoRun);
        Assert.Equal(1, wan.SeverityMap["critical"]);
    }

    [Fact]
    public void NoRoutesFile_LoadsWithNoRoutes()
    {
        var result = InventoryLoader.Load(_inventory.Directory);

        Assert.Empty(result.Diagnostics);
        Assert.Same(AlertRouteTable.None, result.Catalog!.AlertRoutes);
    }

    [Fact]
    public void NoDefaultRoute_IsAnError()
    {
        Write("""
              - name: only
                target: { platform: slack, conversation_id: C0NOC0001 }
            """);

        Assert.Contains(Errors(), m => m.Contains("needs a default route", StringComparison.Ordinal));
    }

    [Fact]
    public void AutoRunOfAStateChangingRunbook_IsRefused()
    {
        Write("""
              - name: dist
                match: { labels: { team: netops } }
                target: { platform: slack, conversation_id: C0NOC0001 }
                devices: { groups: [distribution] }
                first_step: { runbook: clear-ospf-neighbor, auto_run: true }
            """ + "\n" + DefaultRoute);

        var error = Assert.Single(Errors());
        Assert.Contains("auto-runs state-changing runbook 'clear-ospf-neighbor'", error, StringComparison.Ordinal);
        Assert.Contains($"alert-routes.yaml:{_inventory.LineOf("alert-routes.yaml", "first_step")}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void RunbookThatCannotTargetTheRoutesDevices_IsRefused()
    {
        Write("""
              - name: access
                target: { platform: slack, conversation_id: C0NOC0001 }
                devices: { groups: [access, edge-firewalls] }
                first_step: { runbook: vpn-status }
            """ + "\n" + DefaultRoute);

        Assert.Contains(Errors(), m => m.Contains("runbook 'vpn-status' of route 'access' cannot target acc-sw-01, acc-sw-02, acc-sw-03", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("first_step: { runbook: no-such-runbook }", "unknown runbook 'no-such-runbook'")]
    [InlineData("first_step: { runbook: system-status, inputs: { nope: x } }", "sets input 'nope'")]
    [InlineData("devices: { groups: [no-such-group] }", "unknown device group 'no-such-group'")]
    [InlineData("match: { labels: { alertname: { regex: \"(\" } } }", "does not compile")]
    [InlineData("match: { source: [pagerduty] }", "unknown alert source 'pagerduty'")]
    [InlineData("severity_map: { critical: 9 }", "1 (highest) to 5")]
    public void BrokenRoute_IsReportedWithItsReason(string line, string expected)
    {
        Write("  - name: broken\n    target: { platform: slack, conversation_id: C0NOC0001 }\n    " + line + "\n" + DefaultRoute);

        Assert.Contains(Errors(), m => m.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void TwoDefaults_AndADefaultWithAMatch_AreErrors()
    {
        Write("""
              - name: d1
                default: true
                match: { labels: { team: netops } }
                target: { platform: slack, conversation_id: C0NOC0001 }
            """ + "\n" + DefaultRoute);

        var errors = Errors();
        Assert.Contains(errors, m => m.Contains("second default route", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.Contains("remove its 'match'", StringComparison.Ordinal));
    }

    [Fact]
    public void Route_FirstMatchWins_ElseTheDefault()
    {
        var table = InventoryLoader.Load(SampleInventory.Directory).Catalog!.AlertRoutes;

        Assert.Equal("wan-edge-interfaces", table.Route(Notification(AlertSource.Alertmanager, ("team", "netops"), ("alertname", "InterfaceDown")))!.Name);
        Assert.Equal("azure-vpn", table.Route(Notification(AlertSource.AzureMonitor, ("team", "netops"), ("alertname", "vpngw")))!.Name);
        Assert.Equal("default", table.Route(Notification(AlertSource.Grafana, ("team", "netops"), ("alertname", "DiskFull")))!.Name);
    }

    [Fact]
    public void Route_MatchesOnlyLabelsEveryAlertOfTheGroupShares()
    {
        var table = InventoryLoader.Load(SampleInventory.Directory).Catalog!.AlertRoutes;
        var notification = Notification(AlertSource.Alertmanager, ("team", "netops"), ("alertname", "InterfaceDown"));
        notification = notification with
        {
            Alerts = [.. notification.Alerts, notification.Alerts[0] with { Fingerprint = "f2", Labels = new Dictionary<string, string> { ["team"] = "netops", ["alertname"] = "Other" } }],
        };

        Assert.Equal("default", table.Route(notification)!.Name);
    }

    private void Write(string routes) => _inventory.Write("alert-routes.yaml", "routes:\n" + routes + "\n");

    private List<string> Errors() => [.. InventoryLoader.Load(_inventory.Directory).Diagnostics.Select(d => d.ToString())];

    internal static AlertNotification Notification(AlertSource source, params (string Key, string Value)[] labels)
    {
        var map = labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
        return new AlertNotification(source, "n", "g", AlertStatus.Firing,
            [new AlertItem("f1", AlertStatus.Firing, map, new Dictionary<string, string>(), Testing.TestData.Epoch, null)], Testing.TestData.Epoch);
    }
}
