namespace ChatNetOps.Execution.Ssh;

using System.Text.RegularExpressions;

/// <summary>Recognises the lines network OSes print when they reject a command.</summary>
internal static partial class DeviceErrorDetector
{
    /// <summary>The first line of <paramref name="output"/> that reports a rejected command, or null.</summary>
    public static string? FindError(string output)
    {
        var m = ErrorLine().Match(output);
        return m.Success ? m.Value.Trim() : null;
    }

    // IOS: % Invalid input / % Incomplete command / % Ambiguous command; NX-OS: % Invalid command;
    // FortiOS: Command fail. Return code -N / Unknown action 0; shells: command not found.
    [GeneratedRegex(
        @"^[ \t]*(?:% ?Invalid input.*|% ?Invalid command.*|% ?Incomplete command.*|% ?Ambiguous command.*|Command fail\..*|Unknown action.*|.*: command not found.*)$",
        RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ErrorLine();
}
