namespace ChatNetOps.Conversation.Commands;

using System.Globalization;
using System.Text;

/// <summary>
/// Splits a command line into words: whitespace separates; <c>"…"</c> (with <c>\"</c> and <c>\\</c> escapes),
/// <c>'…'</c> and typographic quotes group; <c>key="value with spaces"</c> is one key=value word.
/// </summary>
public static class Tokenizer
{
    /// <summary>Tokenizes <paramref name="line"/>; on failure returns null and says why in <paramref name="error"/>.</summary>
    public static IReadOnlyList<Token>? Tokenize(string line, out string? error)
    {
        ArgumentNullException.ThrowIfNull(line);
        error = null;
        var tokens = new List<Token>();
        var text = new StringBuilder();
        var inToken = false;
        var keyLength = -1;
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (char.IsWhiteSpace(c))
            {
                Flush();
                i++;
                continue;
            }

            inToken = true;
            var close = ClosingQuote(c);
            if (close is not null)
            {
                var start = i;
                i++;
                var closed = false;
                while (i < line.Length)
                {
                    var q = line[i];
                    if (close == '"' && q == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\')
                    {
                        text.Append(line[i + 1]);
                        i += 2;
                        continue;
                    }

                    if (q == close || (close == '"' && q is '\u201D'))
                    {
                        closed = true;
                        i++;
                        break;
                    }

                    text.Append(q);
                    i++;
                }

                if (!closed)
                {
                    error = string.Create(CultureInfo.InvariantCulture, $"unbalanced quote: the {c} at position {start + 1} is never closed; close it or write \\{c} for a literal quote");
                    return null;
                }

                continue;
            }

            if (c == '=' && keyLength < 0 && IsKey(text))
            {
                keyLength = text.Length;
            }

            text.Append(c);
            i++;
        }

        Flush();
        return tokens;

        void Flush()
        {
            if (!inToken)
            {
                return;
            }

            var word = text.ToString();
            tokens.Add(keyLength > 0
                ? new Token(word, word[..keyLength], word[(keyLength + 1)..])
                : new Token(word, null, null));
            text.Clear();
            inToken = false;
            keyLength = -1;
        }
    }

    private static char? ClosingQuote(char c) => c switch
    {
        '"' or '\u201C' or '\u201D' => '"',
        '\'' => '\'',
        '\u2018' or '\u2019' => '\u2019',
        _ => null,
    };

    private static bool IsKey(StringBuilder text)
    {
        if (text.Length is 0 or > 64 || !char.IsAsciiLetter(text[0]))
        {
            return false;
        }

        for (var i = 1; i < text.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
