namespace ChatNetOps.Core.Tests.Alerts;

using ChatNetOps.Core.Alerts;
using ChatNetOps.Core.Alerts.Routing;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Inventory.Loading;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Tests.Inventory;

/// <summary>Device resolution order: device label (Azure: configurationItems) → instance minus port → management IP → none.</summary>
public sealed class DeviceResolverTests
{
    private static readonly InventoryCatalog Catalog = InventoryLoader.LoadOrThrow(SampleInventory.Directory);

    private static readonly AlertRoute Anywhere = new("any", ChatPlatform.Slack, "C1");

    private static readonly AlertRoute Firewalls = new("fw", ChatPlatform.Slack, "C1") { DeviceGroups = ["edge-firewalls"] };

    [Theory]
    [InlineData("device=fw-edge-01", "fw-edge-01", "device-label")]
    [InlineData("instance=fw-edge-02:9116", "fw-edge-02", "instance")]
    [InlineData("instance=192.0.2.11:161", "fw-edge-01", "management-address")]
    [InlineData("instance=192.0.2.11", "fw-edge-01", "management-address")]
    [InlineData("device=fw-edge-01;instance=core-rtr-01:9100", "fw-edge-01", "device-label")]
    public void Resolve_InOrder_RecordingTheRule(string labels, string device, string rule)
    {
        var match = DeviceResolver.Resolve(AlertSource.Alertmanager, Alert(labels), Anywhere, Catalog);

        Assert.Equal(device, match.Device!.Name);
        Assert.Equal(rule, match.Rule);
    }

    [Fact]
    public void AzureConfigurationItem_IsRecordedAsSuch()
    {
        var match = DeviceResolver.Resolve(AlertSource.AzureMonitor, Alert("device=fw-edge-01;configurationItems=fw-edge-01"), Anywhere, Catalog);

        Assert.Equal("configuration-item", match.Rule);
        Assert.Equal("fw-edge-01", match.Device!.Name);
    }

    [Theory]
    [InlineData("instance=203.0.113.9:9100")]
    [InlineData("device=not-in-inventory")]
    [InlineData("job=snmp")]
    public void Unknown_ResolvesToNoDevice(string labels)
    {
        Assert.Null(DeviceResolver.Resolve(AlertSource.Alertmanager, Alert(labels), Anywhere, Catalog).Device);
    }

    [Fact]
    public void DeviceOutsideTheRoutesScope_IsNotOffered_AndMarkedOutOfScope()
    {
        var match = DeviceResolver.Resolve(AlertSource.Alertmanager, Alert("device=core-rtr-01"), Firewalls, Catalog);

        Assert.Null(match.Device);
        Assert.True(match.OutOfScope);
        Assert.Equal("core-rtr-01", match.Candidate);
    }

    [Theory]
    [InlineData("host:9100", "host")]
    [InlineData("[2001:db8::1]:9100", "2001:db8::1")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("host", "host")]
    public void WithoutPort(string instance, string host) => Assert.Equal(host, DeviceResolver.WithoutPort(instance));

    private static AlertItem Alert(string labels) =>
        new("f", AlertStatus.Firing, labels.Split(';').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal), new Dictionary<string, string>(), Testing.TestData.Epoch, null);
}
