namespace ChatNetOps.Execution.Lab;

using System.Collections.Concurrent;
using ChatNetOps.Core.Inventory;
using Microsoft.Extensions.Options;

/// <summary>
/// The simulated devices, created on first use from the inventory's <see cref="Device"/> record (its platform picks
/// the dialect) and kept for the life of the process, so a clear or a bounce is visible to the next run.
/// </summary>
internal sealed class LabNetwork(IOptions<LabOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, LabDevice> _devices = new(StringComparer.OrdinalIgnoreCase);
    private readonly Random _random = new(options.Value.Seed);
    private readonly Lock _randomGate = new();

    public TimeProvider Time => time;

    public LabOptions Options => options.Value;

    public LabDevice GetOrAdd(Device device) =>
        _devices.GetOrAdd(device.Name, static (_, state) => new LabDevice(state.device, state.time.GetUtcNow()), (device, time));

    public LabDeviceSettings SettingsFor(string device) => LabDeviceSettings.For(options.Value, device);

    public LabShell OpenShell(LabDevice device, LabDeviceSettings settings) => device.Platform switch
    {
        Platform.FortiOS => new FortiOsShell(device, time, settings.OspfRecovery),
        Platform.CiscoIos => new IosShell(device, time, settings.OspfRecovery),
        Platform.CiscoNxos => new NxosShell(device, time, settings.OspfRecovery),
        Platform.Linux => new LinuxShell(device, time, settings.OspfRecovery),
        _ => throw new InvalidOperationException($"The lab has no simulator for platform {device.Platform}; add a shell for it in ChatNetOps.Execution/Lab."),
    };

    /// <summary>Whether this run fails: always for a device configured to fail, else a seeded draw against the rate.</summary>
    public bool ShouldFail(LabDeviceSettings settings)
    {
        if (settings.AlwaysFail)
        {
            return true;
        }

        if (settings.FailureRate <= 0)
        {
            return false;
        }

        lock (_randomGate)
        {
            return _random.NextDouble() < settings.FailureRate;
        }
    }
}
