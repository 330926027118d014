namespace ChatNetOps.Execution.Lab;

using System.ComponentModel.DataAnnotations;

/// <summary>The lab simulator (<c>transport: lab</c>), bound from the <c>Lab</c> configuration section.</summary>
public sealed class LabOptions : IValidatableObject
{
    public const string SectionName = "Lab";

    private static readonly TimeSpan MaxDuration = TimeSpan.FromHours(1);

    /// <summary>Simulated round trip per command, awaited on the injected <see cref="TimeProvider"/>.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Probability (0..1) that a run fails as an unreachable device would; drawn from a seeded generator.</summary>
    [Range(0.0, 1.0, ErrorMessage = "Lab:FailureRate must be between 0 and 1 (0 = never fail).")]
    public double FailureRate { get; set; }

    /// <summary>Seed of the failure generator, so a demo or test sees the same failures every time.</summary>
    public int Seed { get; set; } = 1729;

    /// <summary>How long a cleared OSPF adjacency takes to reach FULL again.</summary>
    public TimeSpan OspfRecovery { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Per-device overrides keyed by device name (case-insensitive).</summary>
    public Dictionary<string, LabDeviceOptions> Devices { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public LabDeviceOptions? ForDevice(string name) =>
        Devices.TryGetValue(name, out var exact)
            ? exact
            : Devices.FirstOrDefault(d => string.Equals(d.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var error in Check("Lab:Latency", Latency, "Lab:OspfRecovery", OspfRecovery))
        {
            yield return error;
        }

        foreach (var (name, device) in Devices)
        {
            if (device is null)
            {
                continue;
            }

            foreach (var error in Check($"Lab:Devices:{name}:Latency", device.Latency, $"Lab:Devices:{name}:OspfRecovery", device.OspfRecovery))
            {
                yield return error;
            }

            if (device.FailureRate is < 0.0 or > 1.0)
            {
                yield return new ValidationResult($"Lab:Devices:{name}:FailureRate must be between 0 and 1.", [nameof(Devices)]);
            }
        }
    }

    private static IEnumerable<ValidationResult> Check(string latencyKey, TimeSpan? latency, string recoveryKey, TimeSpan? recovery)
    {
        if (latency is { } l && (l < TimeSpan.Zero || l > MaxDuration))
        {
            yield return new ValidationResult($"{latencyKey} must be between 00:00:00 and 01:00:00 (it is {l}).", [nameof(Latency)]);
        }

        if (recovery is { } r && (r < TimeSpan.Zero || r > MaxDuration))
        {
            yield return new ValidationResult($"{recoveryKey} must be between 00:00:00 and 01:00:00 (it is {r}).", [nameof(OspfRecovery)]);
        }
    }
}
