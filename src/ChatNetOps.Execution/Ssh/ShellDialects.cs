namespace ChatNetOps.Execution.Ssh;

using System.Text.RegularExpressions;

/// <summary>The prompt and pager grammar of the interactive platforms.</summary>
internal static partial class ShellDialects
{
    private const string Host = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}";

    /// <summary>IOS: <c>acc-sw-01&gt;</c>, <c>acc-sw-01#</c>, <c>acc-sw-01(config-if)#</c>.</summary>
    public static ShellDialect CiscoIos(int terminalWidth) => new(
        "cisco_ios",
        IosAnyPrompt(),
        host => IosPrompt(Regex.Escape(host)),
        MoreMarker(),
        ["terminal length 0", $"terminal width {terminalWidth}"]);

    /// <summary>NX-OS: <c>dist-sw-01# </c>, <c>dist-sw-01(config-if)# </c>.</summary>
    public static ShellDialect CiscoNxos(int terminalWidth) => new(
        "cisco_nxos",
        IosAnyPrompt(),
        host => IosPrompt(Regex.Escape(host)),
        MoreMarker(),
        ["terminal length 0", $"terminal width {terminalWidth}"]);

    /// <summary>
    /// FortiOS: <c>fw-edge-01 # </c>, VDOM <c>fw-edge-01 (root) # </c>, read-only admin <c>fw-edge-01 $ </c>.
    /// No session setup: paging is a global console setting on FortiOS, so the shell answers --More-- instead.
    /// </summary>
    public static ShellDialect FortiOS() => new(
        "fortios",
        FortiAnyPrompt(),
        host => FortiPrompt(Regex.Escape(host)),
        MoreMarker(),
        []);

    private static Regex IosPrompt(string escapedHost) => new(
        $@"(?<=\A|[\r\n])(?<prompt>{escapedHost}(?:\((?<ctx>[^)\r\n]{{1,40}})\))?[>#] ?)\z",
        RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));

    private static Regex FortiPrompt(string escapedHost) => new(
        $@"(?<=\A|[\r\n])(?<prompt>{escapedHost}(?: \((?<ctx>[^)\r\n]{{1,40}})\))? [#$] ?)\z",
        RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));

    [GeneratedRegex(@"(?<=\A|[\r\n])(?<prompt>(?<host>" + Host + @")(?:\((?<ctx>[^)\r\n]{1,40})\))?[>#] ?)\z", RegexOptions.CultureInvariant)]
    private static partial Regex IosAnyPrompt();

    [GeneratedRegex(@"(?<=\A|[\r\n])(?<prompt>(?<host>" + Host + @")(?: \((?<ctx>[^)\r\n]{1,40})\))? [#$] ?)\z", RegexOptions.CultureInvariant)]
    private static partial Regex FortiAnyPrompt();

    [GeneratedRegex(@"[ \t]*(?:--\s?More\s?--|<--- More --->)[ \t]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex MoreMarker();
}
