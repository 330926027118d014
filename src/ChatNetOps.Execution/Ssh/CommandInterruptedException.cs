namespace ChatNetOps.Execution.Ssh;

/// <summary>A command that did not finish (timeout, dropped connection, too much output), with what the device had sent.</summary>
internal sealed class CommandInterruptedException(string partialTranscript, string reason, Exception? inner = null)
    : Exception(reason, inner)
{
    public string PartialTranscript { get; } = partialTranscript;

    /// <summary>True when the device sent nothing at all for the command (a session that was already dead).</summary>
    public bool NothingReceived { get; init; }

    /// <summary>Where in the run it happened when that is not a runbook command, e.g. <c>while entering enable mode</c>.</summary>
    public string? Step { get; init; }
}
