namespace ChatNetOps.Execution.Tests.Lab;

using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Execution.Lab;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

/// <summary>A lab network on a fake clock, with zero latency unless a test asks for it.</summary>
internal sealed class LabHarness
{
    public LabHarness(Action<LabOptions>? configure = null)
    {
        Options = new LabOptions { Latency = TimeSpan.Zero };
        configure?.Invoke(Options);
        Network = new LabNetwork(Microsoft.Extensions.Options.Options.Create(Options), Time);
        Executor = new LabExecutor(Network, NullLogger<LabExecutor>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 6, 3, 10, 0, 0, TimeSpan.Zero));

    public LabOptions Options { get; }

    public LabNetwork Network { get; }

    public LabExecutor Executor { get; }

    public static Device Device(string name, Platform platform) =>
        new(name, platform, ["lab"], "ams1", "192.0.2.99", 22, Transport.Lab, "lab-cred", null, 2);

    public static Device DeviceFor(Platform platform) => platform switch
    {
        Platform.FortiOS => Device("fw-edge-01", platform),
        Platform.CiscoIos => Device("acc-sw-01", platform),
        Platform.CiscoNxos => Device("dist-sw-01", platform),
        _ => Device("jump-01", platform),
    };

    public static DeviceCommandPlan Plan(Device device, IReadOnlyList<string> commands, TimeSpan? timeout = null) =>
        new("req-1", device, "test", RunbookMode.ReadOnly, commands, new Dictionary<string, string>(), timeout ?? TimeSpan.FromMinutes(1));

    public LabDevice Lab(Device device) => Network.GetOrAdd(device);

    /// <summary>Runs with zero latency, so the run completes without the clock moving.</summary>
    public Task<DeviceRunResult> RunAsync(Device device, params string[] commands) =>
        Executor.ExecuteAsync(Plan(device, commands), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
}
