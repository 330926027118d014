namespace ChatNetOps.Execution.Ssh;

using ChatNetOps.Core.Inventory;

/// <summary>Cisco IOS / IOS XE: pty shell, <c>terminal length 0</c> and <c>terminal width</c> for the session.</summary>
internal sealed class CiscoIosDriver(SshExecutorOptions options)
    : ShellDriver(ShellDialects.CiscoIos(options.TerminalWidth), options)
{
    public override Platform Platform => Platform.CiscoIos;
}
