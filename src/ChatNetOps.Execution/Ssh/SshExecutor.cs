namespace ChatNetOps.Execution.Ssh;

using System.Diagnostics;
using System.Text;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.Jump;
using ChatNetOps.Execution.Tracing;
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
            new CiscoIosDriver(options, timeProvider),
            new CiscoNxosDriver(options, timeProvider),
            new FortiOsDriver(options, timeProvider),
        ];
        _drivers = drivers.ToDictionary(d => d.Platform);
    }

    public Transport Transport => Transport.Ssh;

    public async Task<DeviceRunResult> ExecuteAsync(DeviceCommandPlan plan, CancellationToken cancellationToken)
    {
        using var span = ExecutionSpans.StartRun(plan);
        var started = _time.GetUtcNow();
        var device = plan.Device;
        var transcript = new StringBuilder();
        var answers = new List<DeviceAnswer>();
        SshOutcome outcome;
        try
        {
            outcome = await RunAsync(plan, transcript, answers, span, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ExecutionSpans.Cancelled(span);
            throw;
        }

        var finished = _time.GetUtcNow();
        var output = transcript.ToString();
        ExecutionSpans.Finish(span, outcome.Status, outcome.ReturnCode, outcome.Error, outcome.ErrorType);
        Log.SshRunFinished(_logger, plan.Runbook, device.Name, outcome.Status, outcome.ReturnCode, (long)(finished - started).TotalMilliseconds, outcome.Error);
        Log.SshDeviceOutput(_logger, device.Name, output);
        return new DeviceRunResult(device.Name, outcome.Status, outcome.ReturnCode, output, started, finished, outcome.Error) { Answers = answers };
    }

    private async Task<SshOutcome> RunAsync(DeviceCommandPlan plan, StringBuilder transcript, List<DeviceAnswer> answers, Activity? span, CancellationToken cancellationToken)
    {
        var device = plan.Device;
        if (device.Transport != Transport.Ssh)
        {
            return SshOutcome.Failed($"device {device.Name} uses transport {device.Transport.ToName()}, not ssh", ErrorTypes.Unsupported);
        }

        if (!_drivers.TryGetValue(device.Platform, out var driver))
        {
            return SshOutcome.Failed($"no SSH driver for platform {device.Platform.ToName()}", ErrorTypes.Unsupported);
        }

        using var runTimeout = new CancellationTokenSource(plan.Timeout > TimeSpan.Zero ? plan.Timeout : Timeout.InfiniteTimeSpan, _time);
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, runTimeout.Token);
        var stateChanging = plan.Mode == RunbookMode.StateChanging;
        SshConnection? connection = null;
        var reusable = false;
        var sent = 0;
        var trace = SshRunTrace.Begin(ex => Describe(ex, plan, sent, connection?.Tunnel, runTimeout, cancellationToken));
        try
        {
            var credential = await _credentials.GetAsync(device.CredentialRef, run.Token);
            for (var attempt = 0; ; attempt++)
            {
                connection = await RentAsync(device, credential, stateChanging, span, run.Token);
                try
                {
                    await StepAsync(ct => driver.BeginAsync(connection, plan, credential, ct), run.Token);
                    if (plan.Commands.Count > 0)
                    {
                        sent = 1;
                        var first = await CommandAsync(driver, connection, plan, 0, run.Token);
                        transcript.Append(first.Transcript);
                        Record(answers, plan, 0, first);
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
                    trace.Recovered();
                    span?.AddEvent(new ActivityEvent("ssh.stale_session_replaced", tags: new ActivityTagsCollection { [SpanTags.SessionId] = connection.Id }));
                    _pool.Return(connection, reusable: false);
                    connection = null;
                    sent = 0;
                }
            }

            for (var i = 1; i < plan.Commands.Count; i++)
            {
                sent = i + 1;
                var result = await CommandAsync(driver, connection, plan, i, run.Token);
                transcript.Append(result.Transcript);
                Record(answers, plan, i, result);
                if (!result.Succeeded)
                {
                    reusable = !stateChanging;
                    return await CommandFailedAsync(driver, connection, plan, i, result, run.Token);
                }
            }

            if (!stateChanging)
            {
                await StepAsync(ct => driver.EndAsync(connection, plan, ct), run.Token);
            }

            reusable = !stateChanging;
            return new SshOutcome(ExecutionStatus.Succeeded, 0, null);
        }
        catch (CommandInterruptedException ex) when (ex.InnerException is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }
        catch (Exception ex) when (trace.Describe(ex) is { } failure)
        {
            if (ex is CommandInterruptedException interrupted)
            {
                transcript.Append(interrupted.PartialTranscript);
            }
            else if (ex is DeviceQuestionException asked)
            {
                transcript.Append(asked.PartialTranscript);
            }

            return failure;
        }
        finally
        {
            if (connection is not null)
            {
                _pool.Return(connection, reusable);
            }
        }
    }

    /// <summary>
    /// The outcome of a run that an exception ended, or null when the exception is not a device-side problem (the
    /// caller's cancellation, a bug). Spans that the exception leaves report the same error (<see cref="SshRunTrace"/>).
    /// </summary>
    private SshOutcome? Describe(Exception exception, DeviceCommandPlan plan, int sent, JumpTunnel? tunnel, CancellationTokenSource runTimeout, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case CredentialNotFoundException ex:
                return SshOutcome.Failed(ex.Message, ErrorTypes.Credential);
            case SshRunException ex:
                return new SshOutcome(ex.Status, -1, ex.Message, ex.ErrorType);
            case DeviceQuestionException ex:
                // The session is closed where it stands: no answer, no Ctrl-C, nothing further typed.
                var command = $"command {sent} of {plan.Commands.Count} ('{plan.Commands[sent - 1]}')";
                return SshOutcome.Failed(
                    ex.AfterAnswer
                        ? $"the device asked: \"{ex.Question}\" after the declared answer to {command}; nothing further was sent"
                        : $"the device asked: \"{ex.Question}\" in {command}, which the runbook declares no answer to; nothing further was sent",
                    ErrorTypes.DeviceQuestion);
            case CommandInterruptedException ex:
                var where = ex.Step ?? (sent == 0 ? "while preparing the session" : $"in command {sent} of {plan.Commands.Count} ('{plan.Commands[sent - 1]}')");
                if (ex.InnerException is not OperationCanceledException)
                {
                    return tunnel is { IsAlive: false }
                        ? SshOutcome.Failed($"jump host {tunnel.Hop.Name} unreachable: the connection to it was lost {where}; partial output kept", ErrorTypes.JumpHostUnreachable)
                        : SshOutcome.Failed($"{ex.Message} {where}; partial output kept", ErrorTypes.Interrupted);
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    return null;
                }

                return runTimeout.IsCancellationRequested
                    ? new SshOutcome(ExecutionStatus.TimedOut, -1, $"runbook timed out after {plan.Timeout.TotalSeconds:0.###} s {where}; partial output kept", ErrorTypes.Timeout)
                    : new SshOutcome(ExecutionStatus.TimedOut, -1, $"no complete answer within {_options.CommandTimeout.TotalSeconds:0.###} s {where}; partial output kept", ErrorTypes.Timeout);
            case JumpWaitCanceledException ex when !cancellationToken.IsCancellationRequested:
                // Every connection to a jump host carried its full number of tunnels until the runbook's timeout.
                return new SshOutcome(ExecutionStatus.TimedOut, -1, $"runbook timed out after {plan.Timeout.TotalSeconds:0.###} s waiting for a free connection to jump host {ex.JumpHost} on the way to {plan.Device.Name}", ErrorTypes.Timeout);
            case OperationCanceledException when !cancellationToken.IsCancellationRequested:
                // Waiting for a session slot or credentials outlived the runbook's timeout.
                return new SshOutcome(ExecutionStatus.TimedOut, -1, $"runbook timed out after {plan.Timeout.TotalSeconds:0.###} s waiting for a session to {plan.Device.Name}", ErrorTypes.Timeout);
            default:
                return null;
        }
    }

    /// <summary>A session from the pool or a new one (then with an <c>ssh connect</c> child span), in an <c>ssh session</c> span.</summary>
    private Task<SshConnection> RentAsync(Device device, DeviceCredential credential, bool fresh, Activity? runSpan, CancellationToken runToken) =>
        SshRunTrace.StepAsync("ssh session", ActivityKind.Internal, device, async span =>
        {
            var connection = await _pool.RentAsync(device, credential, fresh, runToken);
            var pooled = connection.Uses > 1;
            span?.SetTag(SpanTags.Pooled, pooled);
            span?.SetTag(SpanTags.SessionId, connection.Id);
            runSpan?.SetTag(SpanTags.Pooled, pooled);
            runSpan?.SetTag(SpanTags.SessionId, connection.Id);
            return connection;
        });

    /// <summary>One runbook command under the per-command timeout, in an <c>ssh command</c> span.</summary>
    private Task<CommandResult> CommandAsync(IPlatformDriver driver, SshConnection connection, DeviceCommandPlan plan, int index, CancellationToken runToken) =>
        SshRunTrace.StepAsync("ssh command", ActivityKind.Client, plan.Device, async span =>
        {
            ExecutionSpans.SetCommand(span, index, plan.Commands[index]);
            var result = await StepAsync(ct => driver.RunAsync(connection, plan.Commands[index], plan.Confirms.GetValueOrDefault(index), ct), runToken);
            span?.SetTag(SpanTags.ReturnCode, result.ReturnCode);
            if (!result.Succeeded)
            {
                var failed = CommandFailed(plan, index, result);
                ExecutionSpans.Fail(span, failed.Error!, failed.ErrorType!);
            }

            return result;
        });

    /// <summary>
    /// A failed command ends the run. A read-only run's session goes back to the pool, so it is left at the top-level
    /// prompt first; a state-changing run's session is closed as it is: the executor never types a command the runbook
    /// did not contain (FortiOS' <c>end</c> would also commit a pending <c>config</c> edit).
    /// </summary>
    private async Task<SshOutcome> CommandFailedAsync(IPlatformDriver driver, SshConnection connection, DeviceCommandPlan plan, int index, CommandResult result, CancellationToken runToken)
    {
        if (plan.Mode != RunbookMode.StateChanging)
        {
            await LeaveAsync(driver, connection, plan, runToken);
        }

        return CommandFailed(plan, index, result);
    }

    private static void Record(List<DeviceAnswer> answers, DeviceCommandPlan plan, int index, CommandResult result)
    {
        if (result.Answered is { } question && plan.Confirms.TryGetValue(index, out var confirm))
        {
            answers.Add(new DeviceAnswer(index + 1, plan.Commands[index], question, confirm.Answer));
        }
    }

    private static SshOutcome CommandFailed(DeviceCommandPlan plan, int index, CommandResult result) => new(
        ExecutionStatus.Failed,
        result.ReturnCode == 0 ? 1 : result.ReturnCode,
        $"command {index + 1} of {plan.Commands.Count} ('{plan.Commands[index]}') failed: {result.DeviceError}",
        ErrorTypes.CommandFailed);

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
}
