namespace ChatNetOps.Conversation.Commands;

using ChatNetOps.Core.Inventory;

/// <summary>
/// Recognises a raw CLI line typed into chat (<c>show ip ospf neighbor</c>, <c>run show run</c>, <c>conf t</c>) and
/// names the runbook that answers it, from each runbook's <c>aliases:</c>. Chat never reaches a CLI: the line is only
/// read to point its writer at the runbook. Matching follows the CLI's own habits: a word may be abbreviated
/// (<c>sh ip os nei</c>), and words after the alias are its arguments (<c>show interfaces Gi1/0/1</c>).
/// </summary>
internal sealed class RawCommands(InventoryCatalog catalog)
{
    /// <summary>The text that starts every answer to a raw command.</summary>
    public const string NotAccepted = "raw commands are not accepted here";

    /// <summary>First words of device CLI lines (IOS/NX-OS, FortiOS, FRR/Linux), full or abbreviated as typed.</summary>
    private static readonly string[] CliWords =
    [
        "show", "get", "diagnose", "execute", "configure", "config", "clear", "debug", "undebug", "no", "shutdown",
        "interface", "ping", "traceroute", "reload", "write", "copy", "vtysh", "terminal", "enable", "end", "exit",
        "ip", "uname", "uptime", "ifconfig", "netstat", "ss", "tcpdump", "reboot", "erase", "delete", "set", "unset",
    ];

    /// <summary>First words that change a device: no runbook alias answers them, the state-changing runbooks do.</summary>
    private static readonly string[] ChangeWords =
        ["configure", "config", "no", "shutdown", "interface", "reload", "write", "copy", "erase", "delete", "set", "unset", "reboot", "execute"];

    /// <summary>
    /// The hint for <paramref name="line"/> when it is a raw CLI line; null when it is not one (then the caller answers
    /// with its usual "unknown command"). <paramref name="line"/> has already lost its mentions. A line that matches no
    /// alias in full is left to the caller when its first word is close to one of <paramref name="ourWords"/> (a
    /// mistyped runbook name such as <c>inter</c> is not the CLI's <c>interface</c>).
    /// </summary>
    public string? Hint(string line, IEnumerable<string> ourWords)
    {
        var words = Words(line);
        if (words.Length == 0)
        {
            return null;
        }

        // "run show run", "do show ip route": the CLI's own prefixes for exec commands.
        if (words.Length > 1 && words[0] is "run" or "do")
        {
            words = words[1..];
        }

        if (!IsCliWord(words[0], CliWords))
        {
            return null;
        }

        var (runbook, full) = Best(words);
        if (runbook is not null && full)
        {
            return $"{NotAccepted}; {runbook.Name} does that: {Usage(runbook)}" + Sibling(runbook) + ".";
        }

        if (runbook is not null)
        {
            return $"{NotAccepted}; the closest runbook is {runbook.Name} ({runbook.Description.TrimEnd('.')}): {Usage(runbook)}.";
        }

        // One short word ("no", "end") or a near miss of our own words is more likely a typo than a CLI line.
        if ((words.Length == 1 && words[0].Length < 4) || Suggestions.Nearest(words[0], ourWords) is not null)
        {
            return null;
        }

        if (IsCliWord(words[0], ChangeWords))
        {
            var changing = catalog.Runbooks.Where(r => r.IsStateChanging).Select(r => r.Name).Order(StringComparer.OrdinalIgnoreCase).Take(4).ToArray();
            return changing.Length == 0
                ? $"{NotAccepted}; changes are made only through approved runbooks, and none is defined."
                : $"{NotAccepted}; changes are made only through approved runbooks ({string.Join(", ", changing)}); 'runbooks' lists what you can run here.";
        }

        return $"{NotAccepted}; no runbook answers '{Shown(words)}'. 'runbooks' lists what you can run here.";
    }

    /// <summary>The runbook whose alias the line matches best: a full match (every alias word), else a near one.</summary>
    private (Runbook? Runbook, bool Full) Best(string[] words)
    {
        Runbook? best = null;
        var bestScore = 0;
        var bestFull = false;
        foreach (var runbook in catalog.Runbooks)
        {
            foreach (var alias in runbook.Aliases)
            {
                var aliasWords = Words(alias);

                // A one-word alias ("shutdown", "uptime") is the whole line, spelled out: "sh" is show, not shutdown.
                if (aliasWords.Length == 1 && (words.Length != 1 || words[0] != aliasWords[0]))
                {
                    continue;
                }

                var matched = 0;
                while (matched < aliasWords.Length && matched < words.Length && Same(words[matched], aliasWords[matched]))
                {
                    matched++;
                }

                var full = matched == aliasWords.Length;

                // A near match shares all but the last word of a longer alias ("clear ip ospf process").
                var near = !full && matched >= 3 && matched == aliasWords.Length - 1;
                if (!full && !near)
                {
                    continue;
                }

                var score = (full ? 1000 : 0) + matched;
                if (score > bestScore)
                {
                    (best, bestScore, bestFull) = (runbook, score, full);
                }
            }
        }

        return (best, bestFull);
    }

    /// <summary>The same word, or one abbreviated as the CLI allows (<c>sh</c> for <c>show</c>, <c>neighbors</c> for <c>neighbor</c>).</summary>
    private static bool Same(string typed, string alias) =>
        typed == alias
        || (typed.Length >= 2 && alias.StartsWith(typed, StringComparison.Ordinal))
        || (alias.Length >= 3 && typed.StartsWith(alias, StringComparison.Ordinal) && typed.Length - alias.Length <= 1);

    private static bool IsCliWord(string word, string[] words) =>
        words.Any(w => w == word || (word.Length >= 2 && w.StartsWith(word, StringComparison.Ordinal)));

    /// <summary>Lower-case words, output pipes (<c>| include …</c>) and quotes dropped.</summary>
    private static string[] Words(string line)
    {
        var pipe = line.IndexOf('|', StringComparison.Ordinal);
        var text = (pipe >= 0 ? line[..pipe] : line).Replace("\"", " ", StringComparison.Ordinal).Replace("'", " ", StringComparison.Ordinal);
        return text.ToLowerInvariant().Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
    }

    private static string Shown(string[] words)
    {
        var text = string.Join(' ', words);
        return InputValidator.Printable(text.Length <= 60 ? text : text[..60] + "…");
    }

    private static string Usage(Runbook runbook)
    {
        var required = runbook.Inputs.Where(i => i.Required).Select(i => i.Name + "=…").ToArray();
        return required.Length == 0 ? runbook.Name : $"{runbook.Name} {string.Join(' ', required)}";
    }

    /// <summary>A runbook sending the same commands to a device group (or to one device): named beside it.</summary>
    private string Sibling(Runbook runbook)
    {
        var other = RunbookRelations.Counterpart(catalog, runbook);
        if (other is null)
        {
            return string.Empty;
        }

        return other.Inputs.Any(i => i.Type == InputType.DeviceGroup)
            ? $" (a whole group at once: {Usage(other)})"
            : $" (one device: {Usage(other)})";
    }
}
