namespace ChatNetOps.Execution.Lab;

/// <summary>What one simulated command printed and the return code the session reports for it.</summary>
internal sealed record CommandOutcome(string Output, int ReturnCode)
{
    public bool Succeeded => ReturnCode == 0;

    public static CommandOutcome Ok(string output) => new(output, 0);

    public static CommandOutcome Fail(string output, int returnCode) => new(output, returnCode);
}
