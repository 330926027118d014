namespace ChatNetOps.Core.Alerts.Routing;

using ChatNetOps.Core.Inventory;

/// <summary>
/// How an alert's device was found, recorded with the alert: <see cref="Rule"/> is <c>device-label</c>,
/// <c>configuration-item</c>, <c>instance</c>, <c>management-address</c> or <c>none</c>. <see cref="Candidate"/> is
/// what the alert named; <see cref="OutOfScope"/> is set when it names a device the route may not act on (it is then
/// not offered, and the card offers the route's devices to pick from).
/// </summary>
public sealed record DeviceMatch(Device? Device, string Rule, string? Candidate, bool OutOfScope = false)
{
    public static DeviceMatch None { get; } = new(null, "none", null);
}
