namespace ChatNetOps.Execution.Ssh;

using ChatNetOps.Core.Inventory;

/// <summary>Cisco NX-OS: pty shell, <c>terminal length 0</c> and <c>terminal width</c> for the session.</summary>
internal sealed class CiscoNxosDriver(SshExecutorOptions options)
    : ShellDriver(ShellDialects.CiscoNxos(options.TerminalWidth), options)
{
    public override Platform Platform => Platform.CiscoNxos;
}
