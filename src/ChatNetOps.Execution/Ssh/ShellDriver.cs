namespace ChatNetOps.Execution.Ssh;

using System.Diagnostics;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;

/// <summary>Interactive-CLI platforms: one pty shell per connection, commands typed at the prompt.</summary>
internal abstract class ShellDriver(ShellDialect dialect, SshExecutorOptions options, TimeProvider timeProvider) : IPlatformDriver
{
    public abstract Platform Platform { get; }

    protected ShellDialect Dialect { get; } = dialect;

    public async Task BeginAsync(SshConnection connection, DeviceCommandPlan plan, DeviceCredential credential, CancellationToken cancellationToken)
    {
        if (connection.Shell is null || connection.Shell.IsBroken)
        {
            connection.Shell?.Dispose();
            connection.Shell = null;
            await SshRunTrace.StepAsync("ssh shell", ActivityKind.Client, plan.Device, _ => OpenShellAsync(connection, cancellationToken));
        }

        await OnBeginAsync(connection, connection.Shell!, plan, credential, cancellationToken);
    }

    public async Task<CommandResult> RunAsync(SshConnection connection, string command, CommandConfirm? confirm, CancellationToken cancellationToken)
    {
        var shell = connection.Shell ?? throw new InvalidOperationException("BeginAsync opens the shell before RunAsync; this is a bug in the executor.");
        var (header, output, answered) = await shell.RunCommandAsync(command, new QuestionWatch(confirm, options.QuestionGrace, timeProvider), cancellationToken);
        var error = DeviceErrorDetector.FindError(output);
        return new CommandResult(header + output, error is null ? 0 : 1, error) { Answered = answered };
    }

    public virtual async Task EndAsync(SshConnection connection, DeviceCommandPlan plan, CancellationToken cancellationToken)
    {
        if (connection.Shell is { IsBroken: false, CurrentContext: not null } shell)
        {
            await shell.RunAsync("end", cancellationToken);
        }
    }

    /// <summary>A pty shell at its first prompt, with the dialect's session setup (terminal length/width) done.</summary>
    private async Task OpenShellAsync(SshConnection connection, CancellationToken cancellationToken)
    {
        InteractiveShell shell;
        try
        {
            shell = await InteractiveShell.OpenAsync(connection.Client, Dialect, options.TerminalWidth, options.MaxOutputChars, cancellationToken);
        }
        catch (Exception ex) when (ex is CommandInterruptedException or Renci.SshNet.Common.SshException or IOException or ObjectDisposedException)
        {
            throw new CommandInterruptedException(string.Empty, "no prompt after opening the shell: " + ex.Message, ex);
        }

        connection.Shell = shell;
        foreach (var setup in Dialect.SessionSetup)
        {
            // Session-scoped only (terminal length/width); a device that refuses one still pages, and --More-- is answered.
            await shell.RunAsync(setup, cancellationToken);
        }
    }

    protected virtual Task OnBeginAsync(SshConnection connection, InteractiveShell shell, DeviceCommandPlan plan, DeviceCredential credential, CancellationToken cancellationToken) =>
        Task.CompletedTask;
}
