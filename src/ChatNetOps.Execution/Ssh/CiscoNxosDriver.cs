namespace ChatNetOps.Execution.Ssh;

using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;

/// <summary>Cisco NX-OS: pty shell, <c>terminal length 0</c> and <c>terminal width</c> for the session; <c>enable</c> from a user EXEC login.</summary>
internal sealed class CiscoNxosDriver(SshExecutorOptions options, TimeProvider timeProvider)
    : ShellDriver(ShellDialects.CiscoNxos(options.TerminalWidth), options, timeProvider)
{
    public override Platform Platform => Platform.CiscoNxos;

    protected override Task OnBeginAsync(SshConnection connection, InteractiveShell shell, DeviceCommandPlan plan, DeviceCredential credential, CancellationToken cancellationToken) =>
        CiscoEnable.EnsurePrivilegedAsync(shell, plan.Device, credential, cancellationToken);
}
