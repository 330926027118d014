namespace ChatNetOps.Execution.Ssh;

using System.Text.RegularExpressions;
using ChatNetOps.Core.Inventory;

/// <summary>
/// What one runbook command may be asked while its output is read: the declared question (answered once) and how long
/// to wait for more output before a trailing question is believed (<see cref="DeviceQuestions"/>).
/// </summary>
internal sealed class QuestionWatch(CommandConfirm? declared, TimeSpan grace, TimeProvider time)
{
    private readonly Regex? _expect = declared is null ? null : new Regex(declared.Expect, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, TimeSpan.FromMilliseconds(100));

    public TimeSpan Grace { get; } = grace;

    public TimeProvider Time { get; } = time;

    /// <summary>The question line that the declared answer was typed for, once it was.</summary>
    public string? Answered { get; private set; }

    /// <summary>Buffer length already looked at, so a question is judged once and not again after it was answered.</summary>
    public int Seen { get; set; }

    /// <summary>The answer to type when <paramref name="line"/> is the declared question, asked for the first time.</summary>
    public string? TryAnswer(string line)
    {
        if (Answered is not null || declared is null || _expect is null)
        {
            return null;
        }

        bool match;
        try
        {
            match = _expect.IsMatch(line);
        }
        catch (RegexMatchTimeoutException)
        {
            match = false;
        }

        if (!match)
        {
            return null;
        }

        Answered = line;
        return declared.Answer;
    }
}
