namespace ChatNetOps.Execution.Ssh;

/// <summary>One command's transcript as the device showed it, and whether the device reported an error.</summary>
/// <param name="Transcript">Prompt, command and output, newlines normalised to <c>\n</c>.</param>
/// <param name="ReturnCode">0, the exit status (exec channel), or 1 when the device printed an error.</param>
/// <param name="DeviceError">The error line the device printed, when it rejected the command.</param>
internal sealed record CommandResult(string Transcript, int ReturnCode, string? DeviceError)
{
    /// <summary>The device's question line that the declared answer was typed for, when the command asked one.</summary>
    public string? Answered { get; init; }

    public bool Succeeded => ReturnCode == 0 && DeviceError is null;
}
