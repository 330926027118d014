namespace ChatNetOps.Core.Execution;

using ChatNetOps.Core.Inventory;

/// <summary>Reaches devices over one transport. Never throws for device-side problems: they are results.</summary>
public interface IDeviceExecutor
{
    Transport Transport { get; }

    Task<DeviceRunResult> ExecuteAsync(DeviceCommandPlan plan, CancellationToken cancellationToken);
}
