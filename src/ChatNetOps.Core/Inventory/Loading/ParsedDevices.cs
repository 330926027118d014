namespace ChatNetOps.Core.Inventory.Loading;

/// <summary>
/// What <c>devices.yaml</c> declares: the devices (each with its resolved <see cref="Device.Via"/>), the jump hosts, the
/// routes (for devices from an inventory source too) and the line each device is declared on.
/// </summary>
internal sealed record ParsedDevices(List<Device> Devices, List<JumpHost> JumpHosts)
{
    public JumpRoutes Routes { get; init; } = JumpRoutes.None;

    public Dictionary<string, int> Lines { get; init; } = new(StringComparer.OrdinalIgnoreCase);
}
