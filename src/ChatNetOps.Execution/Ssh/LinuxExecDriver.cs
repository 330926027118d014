namespace ChatNetOps.Execution.Ssh;

using System.Text;
using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;
using Renci.SshNet;
using Renci.SshNet.Common;

/// <summary>Linux: one exec channel per command; the exit status is the return code.</summary>
internal sealed class LinuxExecDriver(SshExecutorOptions options, TimeProvider timeProvider) : IPlatformDriver
{
    public Platform Platform => Platform.Linux;

    public Task BeginAsync(SshConnection connection, DeviceCommandPlan plan, DeviceCredential credential, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task EndAsync(SshConnection connection, DeviceCommandPlan plan, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <remarks>Exec channels have no terminal to answer on; lint refuses <c>confirm</c> on linux commands.</remarks>
    public async Task<CommandResult> RunAsync(SshConnection connection, string command, CommandConfirm? confirm, CancellationToken cancellationToken)
    {
        var header = "$ " + command + "\n";
        var output = new StringBuilder();
        SshCommand? ssh = null;
        Task? pump = null;
        try
        {
            ssh = connection.Client.CreateCommand(command);
            var execution = ssh.ExecuteAsync(cancellationToken);
            var stdout = ssh.OutputStream;
            pump = Task.Factory.StartNew(() => Pump(stdout, output), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            await execution.WaitAsync(cancellationToken);
            await pump.WaitAsync(cancellationToken);

            var stderr = ssh.Error;
            var text = Snapshot(output) + (string.IsNullOrEmpty(stderr) ? string.Empty : stderr.Replace("\r\n", "\n", StringComparison.Ordinal));
            var status = ssh.ExitStatus ?? -1;
            var error = DeviceErrorDetector.FindError(text) ?? (status == 0 ? null : $"exit status {status}");
            return new CommandResult(header + text, status == 0 && error is not null ? 1 : status, error);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SshException or IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // Abandon the channel: disposing the command closes its streams, which ends the pump.
            ssh?.Dispose();
            ssh = null;
            if (pump is not null)
            {
                await Task.WhenAny(pump, Task.Delay(TimeSpan.FromSeconds(1), timeProvider, CancellationToken.None));
            }

            var reason = ex is OperationCanceledException ? "interrupted before the command exited" : "the SSH connection closed before the command exited";
            var partial = Snapshot(output);
            throw new CommandInterruptedException(header + partial, reason, ex) { NothingReceived = partial.Length == 0 };
        }
        finally
        {
            ssh?.Dispose();
        }
    }

    private void Pump(Stream stdout, StringBuilder output)
    {
        var bytes = new byte[16 * 1024];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        var decoder = Encoding.UTF8.GetDecoder();
        try
        {
            int n;
            while ((n = stdout.Read(bytes, 0, bytes.Length)) > 0)
            {
                var c = decoder.GetChars(bytes, 0, n, chars, 0);
                lock (output)
                {
                    if (output.Length < options.MaxOutputChars)
                    {
                        output.Append(chars, 0, c);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SshException or IOException)
        {
            // Channel abandoned; keep what arrived.
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        }
    }
}
