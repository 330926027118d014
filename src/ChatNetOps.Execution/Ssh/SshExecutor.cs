namespace ChatNetOps.Execution.Ssh;

using System.Text;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using Microsoft.Extensions.Logging;

/// <summary>
/// Runs a command plan on a device over SSH (SSH.NET): host key pinned, credentials by reference, a platform driver per
/// OS, sessions pooled per device. Device-side problems (unreachable, refused key, wrong password, hang, drop, rejected
/// command) become a <see cref="DeviceRunResult"/>; only the caller's own cancellation throws.
/// </summary>
internal sealed class SshExecutor : IDeviceExecutor
{
    private readonly SshConnectionPool _pool;
    private readonly ICredentialProvider _credentials;
    private readonly TimeProvider _time;
    private readonly SshExecutorOptions _options;
    private readonly ILogger<SshExecutor> _logger;
    private readonly Dictionary<Platform, IPlatformDriver> _drivers;

    public SshExecutor(SshConnectionPool pool, ICredentialProvider credentials, SshExecutorOptions options, TimeProvider timeProvider, ILogger<SshExecutor> logger)
    {
        _pool = pool;
        _credentials = credentials;
        _time = timeProvider;
        _options = options;
        _logger = logger;
        IPlatformDriver[] drivers =
        [
            new LinuxExecDriver(options, timeProvider),
            new CiscoIosDriver(options),
            new CiscoNxosDriver(options),
            new FortiOsDriver(options),
        ];
        _drivers = drivers.ToDictionary(d => d.Platform);
    }

    public Transport Transport => Transport.Ssh;

    public async Task<DeviceRunResult> ExecuteAsync(DeviceCommandPlan plan, CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow();
        var device = plan.Device;
        var transcript = new StringBuilder();
        var outcome = await RunAsync(plan, transcript, cancellationToken);
        var finished = _time.GetUtcNow();
        var output = transcript.ToString();
        Log.RunFinished(_logger, plan.Runbook, device.Name, outcome.Status, outcome.ReturnCode, (long)(finished - started).TotalMilliseconds, outcome.Error);
        Log.DeviceOutput(_logger, device.Name, output);
        return new DeviceRunResult(device.Name, outcome.Status, outcome.ReturnCode, output, started, finished, outcome.Error);
    }

    private async Task<Outcome> RunAsync(DeviceCommandPlan plan, StringBuilder transcript, CancellationToken cancellationToken)
    {
        var device = plan.Device;
        if (device.Transport != Transport.Ssh)
        {
            return Outcome.Failed($"device {device.Name} uses transport {device.Transport.ToName()}, not ssh");
        }

        if (!_drivers.TryGetValue(device.Platform, out var driver))
        {
            return Outcome.Failed($"no SSH driver for platform {device.Platform}");
        }

        using var runTimeout = new CancellationTokenSource(plan.Timeout > TimeSpan.Zero ? plan.Timeout : Timeout.InfiniteTimeSpan, _time);
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, runTimeout.Token);
        var stateChanging = plan.Mode == RunbookMode.StateChanging;
        SshConnection? connection = null;
        var reusable = false;
        var sent = 0;
        try
        {
            var credential = await _credentials.GetAsync(device.CredentialRef, run.Token);
            for (var attempt = 0; ; attempt++)
            {
                connection = await _pool.RentAsync(device, credential, fresh: stateChanging, run.Token);
                try
                {
                    await StepAsync(ct => driver.BeginAsync(connection, plan, credential, ct), run.Token);
                    if (plan.Commands.Count > 0)
                    {
                        sent = 1;
                        var first = await StepAsync(ct => driver.RunAsync(connection, plan.Commands[0], ct), run.Token);
                        transcript.Append(first.Transcript);
                        if (!first.Succeeded)
                        {
                            reusable = !stateChanging;
                            return await CommandFailedAsync(driver, connection, plan, 0, first, run.Token);
                        }
                    }

                    break;
                }
                catch (CommandInterruptedException ex) when (
                    attempt == 0 && connection.Uses > 1 && ex.NothingReceived && ex.InnerException is not OperationCanceledException && !run.IsCancellationRequested)
                {
                    // A pooled session the device had closed meanwhile (vty exec-timeout): nothing ran, take a new session.
                    _pool.Return(connection, reusable: false);
                    connection = null;
                    sent = 0;
                }
            }

            for (var i = 1; i < plan.Commands.Count; i++)
            {
                var command = plan.Commands[i];
                sent = i + 1;
                var result = await StepAsync(ct => driver.RunAsync(connection, command, ct), run.Token);
                transcript.Append(result.Transcript);
                if (!result.Succeeded)
                {
                    reusable = !stateChanging;
                    return await CommandFailedAsync(driver, connection, plan, i, result, run.Token);
                }
            }

            await StepAsync(ct => driver.EndAsync(connection, plan, ct), run.Token);
            reusable = !stateChanging;
            return new Outcome(ExecutionStatus.Succeeded, 0, null);
        }
        catch (CredentialNotFoundException ex)
        {
            return Outcome.Failed(ex.Message);
        }
        catch (SshRunException ex)
        {
            return new Outcome(ex.Status, -1, ex.Message);
        }
        catch (CommandInterruptedException ex)
        {
            transcript.Append(ex.PartialTranscript);
            var where = ex.Step ?? (sent == 0 ? "while preparing the session" : $"in command {sent} of {plan.Commands.Count} ('{plan.Commands[sent - 1]}')");
            if (ex.InnerException is OperationCanceledException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return runTimeout.IsCancellationRequested
                    ? new Outcome(ExecutionStatus.TimedOut, -1, $"runbook timed out after {plan.Timeout.TotalSeconds:0.###} s {where}; partial output kept")
                    : new Outcome(ExecutionStatus.TimedOut, -1, $"no complete answer within {_options.CommandTimeout.TotalSeconds:0.###} s {where}; partial output kept");
            }

            return new Outcome(ExecutionStatus.Failed, -1, $"{ex.Message} {where}; partial output kept");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Waiting for a session slot or credentials outlived the runbook's timeout.
            return new Outcome(ExecutionStatus.TimedOut, -1, $"runbook timed out after {plan.Timeout.TotalSeconds:0.###} s waiting for a session to {device.Name}");
        }
        finally
        {
            if (connection is not null)
            {
                _pool.Return(connection, reusable);
            }
        }
    }

    private async Task<Outcome> CommandFailedAsync(IPlatformDriver driver, SshConnection connection, DeviceCommandPlan plan, int index, CommandResult result, CancellationToken runToken)
    {
        await LeaveAsync(driver, connection, plan, runToken);
        return new Outcome(
            ExecutionStatus.Failed,
            result.ReturnCode == 0 ? 1 : result.ReturnCode,
            $"command {index + 1} of {plan.Commands.Count} ('{plan.Commands[index]}') failed: {result.DeviceError}");
    }

    private async Task LeaveAsync(IPlatformDriver driver, SshConnection connection, DeviceCommandPlan plan, CancellationToken cancellationToken)
    {
        try
        {
            await StepAsync(ct => driver.EndAsync(connection, plan, ct), cancellationToken);
        }
        catch (CommandInterruptedException)
        {
            // The session is marked broken and will not be reused.
        }
    }

    /// <summary>One step under the per-command timeout (inside the run's own timeout).</summary>
    private async Task<T> StepAsync<T>(Func<CancellationToken, Task<T>> step, CancellationToken runToken)
    {
        using var commandTimeout = new CancellationTokenSource(_options.CommandTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(runToken, commandTimeout.Token);
        return await step(linked.Token);
    }

    private async Task StepAsync(Func<CancellationToken, Task> step, CancellationToken runToken)
    {
        using var commandTimeout = new CancellationTokenSource(_options.CommandTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(runToken, commandTimeout.Token);
        await step(linked.Token);
    }

    private sealed record Outcome(ExecutionStatus Status, int ReturnCode, string? Error)
    {
        public static Outcome Failed(string error) => new(ExecutionStatus.Failed, -1, error);
    }
}
