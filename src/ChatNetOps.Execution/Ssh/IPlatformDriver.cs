namespace ChatNetOps.Execution.Ssh;

using ChatNetOps.Core.Execution;
using ChatNetOps.Core.Inventory;

/// <summary>How commands reach one platform's CLI over an SSH connection.</summary>
internal interface IPlatformDriver
{
    Platform Platform { get; }

    /// <summary>Prepares the (possibly reused) connection for a run: shell, paging, enable mode, VDOM.</summary>
    Task BeginAsync(SshConnection connection, DeviceCommandPlan plan, DeviceCredential credential, CancellationToken cancellationToken);

    /// <summary>
    /// Runs one command; a command the device rejects is a result, an interrupted one throws <see cref="CommandInterruptedException"/>,
    /// one the device answers with a question other than <paramref name="confirm"/> throws <see cref="DeviceQuestionException"/>.
    /// </summary>
    Task<CommandResult> RunAsync(SshConnection connection, string command, CommandConfirm? confirm, CancellationToken cancellationToken);

    /// <summary>Leaves the connection at the top-level prompt so the pool can reuse it (only for sessions that go back to the pool).</summary>
    Task EndAsync(SshConnection connection, DeviceCommandPlan plan, CancellationToken cancellationToken);
}
