using System.Text;

namespace ChatNetOps.Conversation.Cards.Templating;

/// <summary>
/// A template string split into text and <c>${…}</c> bindings, following the lexer of
/// adaptive-expressions' string interpolation: <c>\`</c> and <c>\$</c> escape, other backslashes
/// stay, a <c>${</c> that does not close on the same line is plain text.
/// </summary>
internal sealed class InterpolatedString
{
    private InterpolatedString(IReadOnlyList<Expr> parts, IReadOnlyList<string> sources)
    {
        Parts = parts;
        Sources = sources;
    }

    /// <summary>Text (as <see cref="Expr.Constant"/>) and bindings in order.</summary>
    public IReadOnlyList<Expr> Parts { get; }

    /// <summary>The source text of each binding, for error messages.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>
    /// The string is exactly one non-literal binding, so the value keeps its JSON type;
    /// otherwise the parts are concatenated into a string.
    /// </summary>
    public Expr? WholeBinding => Parts.Count == 1 && Parts[0] is not Expr.Constant ? Parts[0] : null;

    /// <summary>Returns null when the string holds no <c>${</c> and is used verbatim.</summary>
    public static InterpolatedString? TryParse(string text, string templateName)
    {
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = new List<Expr>();
        var sources = new List<string>();
        var buffer = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] is not '\r' and not '\n')
            {
                buffer.Append(text[i + 1] is '`' or '$' ? text[i + 1].ToString() : text.Substring(i, 2));
                i += 2;
                continue;
            }

            if (c == '`')
            {
                throw new TemplateException(templateName, text, "has an unescaped backtick (`) in a string with a binding; write \\` instead");
            }

            if (c == '$' && i + 1 < text.Length && text[i + 1] == '{' && TryScanBinding(text, i, out var end))
            {
                if (buffer.Length > 0)
                {
                    parts.Add(new Expr.Constant(buffer.ToString()));
                    buffer.Clear();
                }

                var source = text[i..(end + 1)];
                var body = Trim(text[(i + 2)..end]);
                try
                {
                    parts.Add(ExpressionParser.Parse(body));
                }
                catch (FormatException ex)
                {
                    throw new TemplateException(templateName, source, ex.Message);
                }

                sources.Add(source);
                i = end + 1;
                continue;
            }

            buffer.Append(c);
            i++;
        }

        if (buffer.Length > 0)
        {
            parts.Add(new Expr.Constant(buffer.ToString()));
        }

        return new InterpolatedString(parts, sources);
    }

    /// <summary>Finds the closing brace of a binding starting at <paramref name="start"/> (the '$').</summary>
    private static bool TryScanBinding(string text, int start, out int end)
    {
        var j = start + 2;
        var consumed = 0;
        while (j < text.Length)
        {
            var c = text[j];
            if (c == '}')
            {
                end = j;
                return consumed > 0;
            }

            if (c is '\'' or '"')
            {
                var close = j + 1;
                while (close < text.Length && text[close] != c && text[close] is not '\r' and not '\n')
                {
                    close += text[close] == '\\' ? 2 : 1;
                }

                if (close >= text.Length || text[close] != c)
                {
                    break;
                }

                consumed += close - j + 1;
                j = close + 1;
                continue;
            }

            if (c is '\r' or '\n' or '{' or '`')
            {
                break;
            }

            consumed++;
            j++;
        }

        end = -1;
        return false;
    }

    /// <summary>adaptive-expressions' trimExpression applied to the binding body.</summary>
    private static string Trim(string body) => body.Trim();
}
