namespace ChatNetOps.Execution.Ssh;

using System.Diagnostics;
using System.Text.RegularExpressions;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Requests;
using ChatNetOps.Execution.Tracing;

/// <summary>
/// FortiOS: pty shell; paging is answered with a space (console output mode is global config and is never changed);
/// with <see cref="Device.Vdom"/> set, the run enters it with <c>config vdom</c> / <c>edit</c> and, when the session goes back
/// to the pool, leaves with <c>end</c>.
/// </summary>
internal sealed partial class FortiOsDriver(SshExecutorOptions options, TimeProvider timeProvider)
    : ShellDriver(ShellDialects.FortiOS(), options, timeProvider)
{
    public override Platform Platform => Platform.FortiOS;

    protected override Task OnBeginAsync(SshConnection connection, InteractiveShell shell, DeviceCommandPlan plan, DeviceCredential credential, CancellationToken cancellationToken)
    {
        var vdom = plan.Device.Vdom;
        if (string.IsNullOrWhiteSpace(vdom) || string.Equals(shell.CurrentContext, vdom, StringComparison.Ordinal))
        {
            return Task.CompletedTask;
        }

        return SshRunTrace.StepAsync("ssh vdom", ActivityKind.Client, plan.Device, span =>
        {
            span?.SetTag(SpanTags.Vdom, vdom);
            return EnterVdomAsync(shell, plan, vdom, cancellationToken);
        });
    }

    private static async Task EnterVdomAsync(InteractiveShell shell, DeviceCommandPlan plan, string vdom, CancellationToken cancellationToken)
    {
        if (!VdomName().IsMatch(vdom))
        {
            throw new SshRunException(ExecutionStatus.Failed, $"device {plan.Device.Name} has an invalid vdom '{vdom}' in devices.yaml") { ErrorType = ErrorTypes.VdomFailed };
        }

        if (shell.CurrentContext is not null)
        {
            await shell.RunAsync("end", cancellationToken);
        }

        foreach (var step in new[] { "config vdom", "edit " + vdom })
        {
            var (header, output) = await shell.RunAsync(step, cancellationToken);
            var error = DeviceErrorDetector.FindError(output);
            if (error is not null)
            {
                throw new SshRunException(ExecutionStatus.Failed, $"could not enter VDOM '{vdom}' ({step}): {error}; is VDOM mode enabled on {plan.Device.Name}?") { ErrorType = ErrorTypes.VdomFailed };
            }
        }

        if (!string.Equals(shell.CurrentContext, vdom, StringComparison.Ordinal))
        {
            throw new SshRunException(ExecutionStatus.Failed, $"could not enter VDOM '{vdom}': the prompt is '{shell.CurrentPrompt.Trim()}'") { ErrorType = ErrorTypes.VdomFailed };
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex VdomName();
}
