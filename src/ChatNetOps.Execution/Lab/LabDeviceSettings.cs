namespace ChatNetOps.Execution.Lab;

/// <summary>The effective lab settings for one device: global options with its overrides applied.</summary>
internal sealed record LabDeviceSettings(TimeSpan Latency, bool AlwaysFail, double FailureRate, TimeSpan OspfRecovery)
{
    public static LabDeviceSettings For(LabOptions options, string device)
    {
        var o = options.ForDevice(device);
        return new LabDeviceSettings(
            o?.Latency ?? options.Latency,
            o?.Fail ?? false,
            o?.FailureRate ?? options.FailureRate,
            o?.OspfRecovery ?? options.OspfRecovery);
    }
}
