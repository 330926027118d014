namespace ChatNetOps.Execution.Jump;

/// <summary>
/// The caller's token ended while every connection to <see cref="JumpHost"/> carried its full number of tunnels; the
/// executor reports it as a timeout waiting for that jump host (or rethrows it when its own caller cancelled).
/// </summary>
internal sealed class JumpWaitCanceledException(string jumpHost, Exception inner, CancellationToken token)
    : OperationCanceledException($"cancelled while waiting for a free connection to jump host {jumpHost}", inner, token)
{
    public string JumpHost { get; } = jumpHost;
}
