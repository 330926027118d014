namespace ChatNetOps.Core.Inventory.Loading;

/// <summary>What <c>devices.yaml</c> declares: the devices (each with its resolved <see cref="Device.Via"/>) and the jump hosts.</summary>
internal sealed record ParsedDevices(List<Device> Devices, List<JumpHost> JumpHosts);
