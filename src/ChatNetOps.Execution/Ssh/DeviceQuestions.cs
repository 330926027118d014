namespace ChatNetOps.Execution.Ssh;

using System.Text.RegularExpressions;

/// <summary>
/// Recognises a device waiting for an answer: the unfinished last line of what it sent ends in a question such as
/// <c>[confirm]</c>, <c>[yes/no]:</c>, <c>(y/n)?</c>, <c>[no]:</c>, <c>Password:</c> or <c>Are you sure …?</c>. Only that
/// trailing line counts: the same words inside finished output lines (a <c>show</c> line that mentions <c>(y/n)</c>) never do.
/// The shell also waits a short grace period for more output before it believes the device is waiting
/// (<see cref="SshExecutorOptions.QuestionGrace"/>), so a chunk that happens to end mid-line is not taken for a question.
/// </summary>
internal static partial class DeviceQuestions
{
    /// <summary>The unfinished last line of <paramref name="received"/> (after the last line break), cleaned of terminal escapes; empty when the text ends with a line break.</summary>
    public static string TrailingLine(string received)
    {
        var end = received.Length;
        var start = received.LastIndexOfAny(['\n', '\r']) + 1;
        return start >= end ? string.Empty : InteractiveShell.Normalize(received[start..end]).Trim();
    }

    /// <summary>The question the device is asking at the end of <paramref name="received"/>, or null when the text does not end in one.</summary>
    public static string? Find(string received)
    {
        var line = TrailingLine(received);
        return line.Length > 0 && IsQuestion(line) ? line : null;
    }

    /// <summary>True when <paramref name="line"/> (one line, trimmed) ends the way device questions end.</summary>
    public static bool IsQuestion(string line) =>
        Choice().IsMatch(line) || Secret().IsMatch(line) || Asking().IsMatch(line) || BracketDefault().IsMatch(line);

    /// <summary><c>[confirm]</c>, <c>[yes/no]:</c>, <c>(y/n)?</c>, <c>(y/n)? [n]</c>, <c>[y/n/q]</c>, <c>[no]:</c>, <c>[yes]:</c> at the end of the line.</summary>
    [GeneratedRegex(
        @"(?:\[\s*confirm\s*\]|[\[(]\s*(?:y|n|yes|no)(?:\s*/\s*(?:y|n|q|a|yes|no|all|cancel|quit))+\s*[\])]|\[\s*(?:y|n|yes|no)\s*\]\s*[:?])[\s:?]*(?:\[\s*(?:y|n|yes|no)\s*\][\s:?]*)?\z",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Choice();

    /// <summary><c>Password:</c>, <c>[sudo] password for netops:</c>, <c>Enter passphrase for key …:</c>.</summary>
    [GeneratedRegex(@"\bpass(?:word|phrase|code)\b[^:]{0,60}:\s*\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Secret();

    /// <summary><c>Are you sure …?</c>, <c>Do you want to continue?</c>, <c>Proceed with reload?</c>, <c>Overwrite the file?</c>.</summary>
    [GeneratedRegex(
        @"\b(?:are\s+you\s+sure|do\s+you\s+(?:want|wish|really)|proceed|continue|overwrite|confirm|save)\b[^?]{0,200}\?\s*\z",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Asking();

    /// <summary>IOS' fill-in questions with a default in brackets: <c>Destination filename [startup-config]?</c>, <c>Address or name of remote host []?</c>.</summary>
    [GeneratedRegex(@"\[[^\]]{0,80}\]\?\s*\z", RegexOptions.CultureInvariant)]
    private static partial Regex BracketDefault();
}
