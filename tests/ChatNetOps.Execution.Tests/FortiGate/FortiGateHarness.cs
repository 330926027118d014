namespace ChatNetOps.Execution.Tests.FortiGate;

using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Execution.FortiGate;
using ChatNetOps.Execution.Jump;
using ChatNetOps.Execution.Ssh;
using ChatNetOps.Execution.Tests.Ssh;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>A <see cref="FortiGateExecutor"/> with in-memory credentials, the given options and clock.</summary>
internal sealed class FortiGateHarness : IDisposable
{
    public const string CredentialRef = "fortigate-api";

    public FortiGateHarness(FortiGateOptions? options = null, TimeProvider? time = null, string? token = FakeFortiGate.Token, SshExecutorOptions? jumpOptions = null)
    {
        Options = options ?? new FortiGateOptions { ConnectTimeout = TimeSpan.FromSeconds(5), RequestTimeout = TimeSpan.FromSeconds(10) };
        Trust = new FortiGateTrust(Options);
        Jumps = new JumpHostPool(Credentials, jumpOptions ?? new SshExecutorOptions { ConnectTimeout = TimeSpan.FromSeconds(5) }, time ?? TimeProvider.System, NullLogger<JumpHostPool>.Instance);
        Clients = new FortiGateClients(Trust, Options, Jumps);
        Credentials.Add(CredentialRef, new DeviceCredential("api-readonly") { ApiToken = token });
        Executor = new FortiGateExecutor(Clients, Credentials, Options, time ?? TimeProvider.System, NullLogger<FortiGateExecutor>.Instance);
    }

    public FortiGateOptions Options { get; }

    public FortiGateTrust Trust { get; }

    /// <summary>The jump host connections of devices with <c>via</c> (SSH options: connect and idle timeouts).</summary>
    public JumpHostPool Jumps { get; }

    public FortiGateClients Clients { get; }

    public StaticCredentialProvider Credentials { get; } = new();

    public FortiGateExecutor Executor { get; }

    public static Device Device(FakeFortiGate server, string? pin = null, string? vdom = null, bool pinned = true) =>
        new("fw-api-01", Platform.FortiOS, ["edge-firewalls"], "test", "127.0.0.1", server.Port, Transport.FortiGateApi, CredentialRef, null, 2)
        {
            TlsCertificateSha256 = pinned ? pin ?? server.Fingerprint : null,
            Vdom = vdom,
        };

    public static DeviceCommandPlan Plan(Device device, params string[] commands) =>
        Plan(device, RunbookMode.ReadOnly, TimeSpan.FromSeconds(30), commands);

    public static DeviceCommandPlan Plan(Device device, RunbookMode mode, TimeSpan timeout, params string[] commands) =>
        new("req-" + Guid.NewGuid().ToString("N")[..8], device, "test-runbook", mode, commands, new Dictionary<string, string>(), timeout);

    public Task<DeviceRunResult> RunAsync(Device device, params string[] commands) =>
        Executor.ExecuteAsync(Plan(device, commands), CancellationToken.None);

    public void Dispose()
    {
        Clients.Dispose();
        Jumps.Dispose();
        Trust.Dispose();
    }
}
