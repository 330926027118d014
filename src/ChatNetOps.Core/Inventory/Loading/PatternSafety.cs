namespace ChatNetOps.Core.Inventory.Loading;

/// <summary>
/// Checks that an input pattern can only ever match characters of <see cref="InputValidator.SafeCharacters"/>.
/// The validator refuses unsafe characters anyway; a pattern that would allow them is a mistake in the runbook.
/// Deliberately conservative: classes must be spelled out (<c>[0-9]</c>, not <c>\d</c>, which matches any Unicode digit).
/// </summary>
internal static class PatternSafety
{
    private const string SafePunctuation = "_./:-";

    /// <summary>Returns why the pattern is unsafe, or null when it is safe.</summary>
    public static string? Check(string pattern)
    {
        var quantifier = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\':
                    if (i + 1 >= pattern.Length)
                    {
                        return "ends with a lone backslash";
                    }

                    if (!SafePunctuation.Contains(pattern[i + 1], StringComparison.Ordinal))
                    {
                        return $"uses the escape \\{pattern[i + 1]}, which can match characters outside the safe set; spell the characters out, e.g. [0-9]";
                    }

                    i++;
                    break;
                case '[':
                    var reason = CheckClass(pattern, ref i);
                    if (reason is not null)
                    {
                        return reason;
                    }

                    break;
                case '.':
                    return "uses '.', which matches any character; write \\. for a literal dot";
                case '(':
                    if (i + 1 < pattern.Length && pattern[i + 1] == '?')
                    {
                        if (i + 2 < pattern.Length && pattern[i + 2] is ':' or '=' or '!')
                        {
                            i += 2;
                        }
                        else
                        {
                            return "uses a group construct other than (?:...), (?=...) or (?!...)";
                        }
                    }

                    break;
                case '{':
                    quantifier = true;
                    break;
                case '}':
                    quantifier = false;
                    break;
                case ',' when quantifier:
                case ')' or '?' or '*' or '+' or '|' or '^' or '$':
                    break;
                default:
                    if (!IsSafe(c))
                    {
                        return $"allows the character '{InputValidator.Printable(c.ToString())}', which is outside the safe set {InputValidator.SafeCharacters}";
                    }

                    break;
            }
        }

        return null;
    }

    private static string? CheckClass(string pattern, ref int i)
    {
        i++;
        if (i < pattern.Length && pattern[i] == '^')
        {
            return "uses a negated character class [^...], which matches characters outside the safe set";
        }

        while (i < pattern.Length && pattern[i] != ']')
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length || !SafePunctuation.Contains(pattern[i + 1], StringComparison.Ordinal))
                {
                    return $"uses an escape inside [...] that can match characters outside the safe set";
                }

                c = pattern[++i];
            }
            else if (c == '[')
            {
                return "uses a nested or subtracted character class";
            }
            else if (!IsSafe(c))
            {
                return $"allows the character '{InputValidator.Printable(c.ToString())}', which is outside the safe set {InputValidator.SafeCharacters}";
            }

            if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
            {
                var end = pattern[i + 2];
                if (!SameSafeRange(c, end))
                {
                    return $"uses the range {c}-{end}, which spans characters outside the safe set; use A-Z, a-z or 0-9";
                }

                i += 2;
            }

            i++;
        }

        return i < pattern.Length ? null : "has an unclosed [";
    }

    private static bool IsSafe(char c) => char.IsAsciiLetterOrDigit(c) || SafePunctuation.Contains(c, StringComparison.Ordinal);

    private static bool SameSafeRange(char start, char end) =>
        start <= end
        && ((char.IsAsciiLetterUpper(start) && char.IsAsciiLetterUpper(end))
            || (char.IsAsciiLetterLower(start) && char.IsAsciiLetterLower(end))
            || (char.IsAsciiDigit(start) && char.IsAsciiDigit(end)));
}
