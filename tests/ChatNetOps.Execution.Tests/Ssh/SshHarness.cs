namespace ChatNetOps.Execution.Tests.Ssh;

using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Execution.Jump;
using ChatNetOps.Execution.Ssh;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>An <see cref="SshExecutor"/> wired to a session pool, a jump host pool, in-memory credentials and the given clock.</summary>
internal sealed class SshHarness : IDisposable
{
    public SshHarness(SshExecutorOptions? options = null, TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        Options = options ?? new SshExecutorOptions { ConnectTimeout = TimeSpan.FromSeconds(5), CommandTimeout = TimeSpan.FromSeconds(5) };
        Time = time ?? TimeProvider.System;
        loggers ??= NullLoggerFactory.Instance;
        Jumps = new JumpHostPool(Credentials, Options, Time, loggers.CreateLogger<JumpHostPool>());
        Factory = new SshConnectionFactory(Options, Jumps, Time, loggers.CreateLogger<SshConnectionFactory>());
        Pool = new SshConnectionPool(Factory, Options, Time, loggers.CreateLogger<SshConnectionPool>());
        Executor = new SshExecutor(Pool, Credentials, Options, Time, loggers.CreateLogger<SshExecutor>());
    }

    public SshExecutorOptions Options { get; }

    public TimeProvider Time { get; }

    public StaticCredentialProvider Credentials { get; } = new();

    public JumpHostPool Jumps { get; }

    public SshConnectionFactory Factory { get; }

    public SshConnectionPool Pool { get; }

    public SshExecutor Executor { get; }

    public static DeviceCommandPlan Plan(Device device, params string[] commands) =>
        Plan(device, RunbookMode.ReadOnly, TimeSpan.FromSeconds(30), commands);

    public static DeviceCommandPlan Plan(Device device, RunbookMode mode, TimeSpan timeout, params string[] commands) =>
        new("req-" + Guid.NewGuid().ToString("N")[..8], device, "test-runbook", mode, commands, new Dictionary<string, string>(), timeout);

    /// <summary>Registers the device's password credential and runs the commands.</summary>
    public Task<DeviceRunResult> RunAsync(SimDevice sim, params string[] commands) => RunAsync(sim, sim.Device, commands);

    public Task<DeviceRunResult> RunAsync(SimDevice sim, Device device, params string[] commands)
    {
        Credentials.Add(device.CredentialRef, sim.PasswordCredential);
        return Executor.ExecuteAsync(Plan(device, commands), CancellationToken.None);
    }

    public void Dispose()
    {
        Pool.Dispose();
        Jumps.Dispose();
    }
}
