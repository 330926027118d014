namespace ChatNetOps.Core.Alerts.Routing;

using System.Net;
using ChatNetOps.Core.Inventory;

/// <summary>
/// Finds an alert's device, in order, recording which rule matched: an explicit <c>device</c> label (Azure Monitor's
/// <c>configurationItems</c> become it) → <c>instance</c> without its port → an IP address (from <c>instance</c>) matched
/// against the inventory's management addresses → none. A device outside the route's scope is not returned.
/// </summary>
public static class DeviceResolver
{
    public static DeviceMatch Resolve(AlertSource source, AlertItem alert, AlertRoute route, InventoryCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(catalog);
        if (alert.Labels.TryGetValue("device", out var named) && !string.IsNullOrWhiteSpace(named))
        {
            var rule = source == AlertSource.AzureMonitor && alert.Labels.GetValueOrDefault("configurationItems") == named ? "configuration-item" : "device-label";
            return Scoped(catalog.FindDevice(named.Trim()), rule, named, route);
        }

        if (alert.Labels.TryGetValue("instance", out var instance) && !string.IsNullOrWhiteSpace(instance))
        {
            var host = WithoutPort(instance.Trim());
            if (catalog.FindDevice(host) is { } byName)
            {
                return Scoped(byName, "instance", instance, route);
            }

            if (IPAddress.TryParse(host, out var address))
            {
                var byAddress = catalog.Devices.FirstOrDefault(d => IPAddress.TryParse(d.Address, out var management) && management.Equals(address));
                return Scoped(byAddress, "management-address", instance, route);
            }

            return new DeviceMatch(null, "none", instance);
        }

        return DeviceMatch.None;
    }

    /// <summary><c>host:port</c>, <c>[v6]:port</c> or a bare host/address → the host.</summary>
    public static string WithoutPort(string instance)
    {
        if (instance.StartsWith('['))
        {
            var close = instance.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? instance[1..close] : instance;
        }

        var colon = instance.LastIndexOf(':');
        return colon > 0 && instance.IndexOf(':', StringComparison.Ordinal) == colon ? instance[..colon] : instance;
    }

    private static DeviceMatch Scoped(Device? device, string rule, string candidate, AlertRoute route) =>
        device is null ? new DeviceMatch(null, rule, candidate)
        : route.InScope(device) ? new DeviceMatch(device, rule, candidate)
        : new DeviceMatch(null, rule, candidate, OutOfScope: true);
}
