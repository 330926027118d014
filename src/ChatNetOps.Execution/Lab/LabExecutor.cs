namespace ChatNetOps.Execution.Lab;

using System.Globalization;
using System.Text;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.Tracing;
using Microsoft.Extensions.Logging;

/// <summary>
/// Runs command plans against the <see cref="LabNetwork"/>: each command waits the configured latency on the
/// <see cref="TimeProvider"/>, is echoed after the device's prompt, and is answered by the platform's simulated CLI.
/// The first failing command stops the run (a state-changing sequence never continues past an error). Device-side
/// problems and timeouts are results; only the caller's cancellation throws.
/// </summary>
internal sealed class LabExecutor(LabNetwork network, ILogger<LabExecutor> logger) : IDeviceExecutor
{
    /// <summary>Return code of a run that hit the plan's timeout, as coreutils <c>timeout</c> reports it.</summary>
    public const int TimedOutReturnCode = 124;

    /// <summary>Return code of an injected connection failure, as the OpenSSH client reports it.</summary>
    public const int ConnectionFailedReturnCode = 255;

    public Transport Transport => Transport.Lab;

    public async Task<DeviceRunResult> ExecuteAsync(DeviceCommandPlan plan, CancellationToken cancellationToken)
    {
        using var span = ExecutionSpans.StartRun(plan);
        try
        {
            var result = await RunAsync(plan, cancellationToken);
            ExecutionSpans.Finish(span, result.Status, result.ReturnCode, result.Error, result.Status switch
            {
                ExecutionStatus.TimedOut => ErrorTypes.Timeout,
                _ when result.ReturnCode == ConnectionFailedReturnCode => ErrorTypes.ConnectionFailed,
                _ => ErrorTypes.CommandFailed,
            });
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ExecutionSpans.Cancelled(span);
            throw;
        }
    }

    private async Task<DeviceRunResult> RunAsync(DeviceCommandPlan plan, CancellationToken cancellationToken)
    {
        var time = network.Time;
        var startedAt = time.GetUtcNow();
        var settings = network.SettingsFor(plan.Device.Name);
        var device = network.GetOrAdd(plan.Device);
        var output = new StringBuilder();
        var ran = 0;
        Log.RunStarting(logger, plan.Runbook, plan.Device.Name, plan.RequestId, plan.Commands.Count, settings.Latency);

        using var timeout = new CancellationTokenSource(plan.Timeout > TimeSpan.Zero ? plan.Timeout : TimeSpan.Zero, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            if (network.ShouldFail(settings))
            {
                await Task.Delay(settings.Latency, time, linked.Token);
                Log.FailureInjected(logger, plan.Device.Name, plan.RequestId);
                return Finish(plan, ExecutionStatus.Failed, ConnectionFailedReturnCode, output, startedAt, $"ssh: connect to host {plan.Device.Address} port {plan.Device.Port}: Connection refused (lab failure injection)");
            }

            var shell = network.OpenShell(device, settings);
            foreach (var command in plan.Commands)
            {
                using var span = ExecutionSpans.StartInternal("lab command", plan.Device);
                ExecutionSpans.SetCommand(span, ran, command);
                try
                {
                    await Task.Delay(settings.Latency, time, linked.Token);
                }
                catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    ExecutionSpans.Fail(span, TimedOut(plan, ran), ErrorTypes.Timeout, ex);
                    throw;
                }

                var prompt = shell.Prompt;
                var outcome = shell.Execute(command);
                ran++;
                span?.SetTag(SpanTags.ReturnCode, outcome.ReturnCode);
                output.Append(prompt).Append(command).Append('\n').Append(outcome.Output);
                Log.CommandAnswered(logger, plan.Device.Name, command, outcome.ReturnCode, outcome.Output);
                if (!outcome.Succeeded)
                {
                    var error = $"command {ran} of {plan.Commands.Count} ('{command}') failed with return code {outcome.ReturnCode}";
                    ExecutionSpans.Fail(span, error, ErrorTypes.CommandFailed);
                    return Finish(plan, ExecutionStatus.Failed, outcome.ReturnCode, output, startedAt, error);
                }
            }

            return Finish(plan, ExecutionStatus.Succeeded, 0, output, startedAt, null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Finish(plan, ExecutionStatus.TimedOut, TimedOutReturnCode, output, startedAt, TimedOut(plan, ran));
        }
    }

    private static string TimedOut(DeviceCommandPlan plan, int ran) =>
        string.Create(CultureInfo.InvariantCulture, $"runbook timed out after {plan.Timeout.TotalSeconds:0.###} s; {ran} of {plan.Commands.Count} commands completed");

    private DeviceRunResult Finish(DeviceCommandPlan plan, ExecutionStatus status, int returnCode, StringBuilder output, DateTimeOffset startedAt, string? error)
    {
        Log.LabRunFinished(logger, plan.Device.Name, plan.RequestId, status, returnCode);
        return new DeviceRunResult(plan.Device.Name, status, returnCode, output.ToString(), startedAt, network.Time.GetUtcNow(), error);
    }
}
