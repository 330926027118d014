namespace ChatNetOps.Execution.Lab;

/// <summary>
/// Matches a command line against a pattern the way network CLIs parse: keywords may be abbreviated to any prefix
/// (<c>conf t</c>) and are case-insensitive, so small template changes (<c>sh ip ospf nei</c>) still work.
/// Pattern words: <c>keyword</c>, <c>[keyword]</c> optional, <c>&lt;name&gt;</c> one word, <c>&lt;name...&gt;</c> the rest.
/// </summary>
internal static class CliGrammar
{
    public static bool TryMatch(CliLine line, string pattern, out IReadOnlyDictionary<string, string> captures, out int matched)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        captures = result;
        var words = line.Words;
        var i = 0;
        foreach (var part in pattern.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith('<'))
            {
                var name = part.Trim('<', '>');
                if (i >= words.Count)
                {
                    matched = i;
                    return false;
                }

                if (name.EndsWith("...", StringComparison.Ordinal))
                {
                    result[name[..^3]] = string.Join(' ', words.Skip(i));
                    i = words.Count;
                }
                else
                {
                    result[name] = words[i++];
                }
            }
            else if (part.StartsWith('['))
            {
                if (i < words.Count && IsKeyword(words[i], part.Trim('[', ']')))
                {
                    i++;
                }
            }
            else if (i < words.Count && IsKeyword(words[i], part))
            {
                i++;
            }
            else
            {
                matched = i;
                return false;
            }
        }

        matched = i;
        return i == words.Count;
    }

    public static bool IsKeyword(string typed, string keyword) =>
        typed.Length > 0
        && keyword.StartsWith(typed, StringComparison.OrdinalIgnoreCase);
}
