namespace ChatNetOps.Execution.Ssh;

using System.Text.RegularExpressions;

/// <summary>How one network OS's interactive CLI looks: prompts, the pager marker and per-session setup.</summary>
/// <param name="AnyPrompt">Matches the first prompt at the end of the buffer; group <c>host</c> is the device's hostname.</param>
/// <param name="PromptForHost">Builds the exact prompt pattern once the hostname is known (config modes and VDOMs included).</param>
/// <param name="More">The pager marker at the end of the buffer; the shell answers it with a space.</param>
/// <param name="SessionSetup">Commands sent once per new shell (session-scoped settings only, never global config).</param>
internal sealed record ShellDialect(
    string Name,
    Regex AnyPrompt,
    Func<string, Regex> PromptForHost,
    Regex More,
    IReadOnlyList<string> SessionSetup);
