namespace ChatNetOps.Execution.Lab;

/// <summary>Per-device overrides under <c>Lab:Devices:&lt;name&gt;</c>, e.g. to make one device slow or failing in a demo.</summary>
public sealed class LabDeviceOptions
{
    /// <summary>Latency per command on this device; null uses <see cref="LabOptions.Latency"/>.</summary>
    public TimeSpan? Latency { get; set; }

    /// <summary>When true every run on this device fails as an unreachable device would.</summary>
    public bool Fail { get; set; }

    /// <summary>Failure probability for this device; null uses <see cref="LabOptions.FailureRate"/>.</summary>
    public double? FailureRate { get; set; }

    /// <summary>OSPF recovery time on this device; null uses <see cref="LabOptions.OspfRecovery"/>.</summary>
    public TimeSpan? OspfRecovery { get; set; }
}
