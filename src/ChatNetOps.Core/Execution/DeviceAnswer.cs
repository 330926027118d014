namespace ChatNetOps.Core.Execution;

/// <summary>A question the device asked during a run and the declared answer that was typed (never a secret).</summary>
/// <param name="Command">1-based position of the command in the run.</param>
/// <param name="CommandText">The command as sent.</param>
/// <param name="Question">The question line as the device printed it.</param>
/// <param name="Answer">The declared answer; empty means Enter alone.</param>
public sealed record DeviceAnswer(int Command, string CommandText, string Question, string Answer)
{
    /// <summary>One line for people and the audit trail: <c>command 1 'clear counters': "Clear counters [confirm]" answered (Enter)</c>.</summary>
    public override string ToString() =>
        $"command {Command} '{CommandText}': \"{Question}\" answered {(Answer.Length == 0 ? "(Enter)" : "'" + Answer + "'")}";
}
