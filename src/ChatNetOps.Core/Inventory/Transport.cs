namespace ChatNetOps.Core.Inventory;

/// <summary>How a worker reaches a device.</summary>
public enum Transport
{
    Ssh,
    FortiGateApi,
    Lab,
}
