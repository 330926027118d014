namespace ChatNetOps.Slack.BlockKit;

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ChatNetOps.Conversation.Cards;

/// <summary>
/// Slack mrkdwn: escaping of <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> (so data can never form a link, a mention or
/// <c>&lt;!channel&gt;</c>), the Adaptive Card markdown subset converted (<c>**bold**</c> → <c>*bold*</c>,
/// <c>[text](url)</c> → <c>&lt;url|text&gt;</c>), and cutting that never splits an entity or a link.
/// </summary>
internal static partial class Mrkdwn
{
    /// <summary>Stands for an escaped character in the shadow text <see cref="Decode"/> builds; never part of a pattern.</summary>
    private const char Literal = '\uFFFC';

    /// <summary>Escapes the three characters Slack reserves for control sequences.</summary>
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny('&', '<', '>') < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>Reverses <see cref="Escape"/> (Slack sends user text escaped).</summary>
    public static string Unescape(string text) =>
        text.Contains('&', StringComparison.Ordinal)
            ? text.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal)
            : text;

    /// <summary>
    /// Adaptive Card TextBlock Markdown → Slack mrkdwn, escaped. The card's own escapes are honoured: a character the card
    /// escaped (<c>\*</c>, <c>\[</c>, <c>&amp;lt;</c>, as <see cref="CardText.Escape"/> writes them for user text) is text,
    /// never markup, so escaped <c>[click](https://…)</c> stays text instead of becoming a Slack link. Only unescaped
    /// <c>**bold**</c> and <c>[label](https://…)</c> are converted.
    /// </summary>
    public static string FromAdaptive(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (decoded, shadow) = Decode(text);
        var result = new StringBuilder(decoded.Length + 16);
        var at = 0;
        foreach (Match link in Link().Matches(shadow))
        {
            var url = decoded.Substring(link.Groups["url"].Index, link.Groups["url"].Length);
            if (!IsWebUrl(url) || shadow.AsSpan(link.Groups["url"].Index, link.Groups["url"].Length).Contains(Literal))
            {
                continue;
            }

            AppendBold(decoded, shadow, at, link.Index - at, result);
            var label = Escape(decoded.Substring(link.Groups["label"].Index, link.Groups["label"].Length)).Replace("|", "/", StringComparison.Ordinal);
            result.Append('<').Append(Escape(url)).Append('|').Append(label).Append('>');
            at = link.Index + link.Length;
        }

        AppendBold(decoded, shadow, at, decoded.Length - at, result);
        return result.ToString();
    }

    /// <summary>
    /// Card Markdown read back as text, and beside it the same text with every character the card escaped replaced by
    /// <see cref="Literal"/>, so Markdown patterns can only match characters the card left unescaped.
    /// </summary>
    private static (string Decoded, string Shadow) Decode(string markdown)
    {
        var decoded = new StringBuilder(markdown.Length);
        var shadow = new StringBuilder(markdown.Length);
        for (var i = 0; i < markdown.Length; i++)
        {
            var c = markdown[i];
            if (c == '\\' && i + 1 < markdown.Length && (markdown[i + 1] == '\n' || CardText.IsAsciiPunctuation(markdown[i + 1])))
            {
                decoded.Append(markdown[++i]);
                shadow.Append(markdown[i] == '\n' ? '\n' : Literal);
                continue;
            }

            if (c == '&' && CardText.Entity(markdown, i) is { } entity)
            {
                decoded.Append(entity.Char);
                shadow.Append(Literal);
                i += entity.Length - 1;
                continue;
            }

            decoded.Append(c);
            shadow.Append(c);
        }

        return (decoded.ToString(), shadow.ToString());
    }

    /// <summary>Appends decoded[start..start+length] escaped, with unescaped <c>**x**</c> as Slack bold.</summary>
    private static void AppendBold(string decoded, string shadow, int start, int length, StringBuilder result)
    {
        var at = start;
        foreach (Match bold in Bold().Matches(shadow.Substring(start, length)))
        {
            var from = start + bold.Index;
            result.Append(Escape(decoded[at..from]));
            result.Append('*').Append(Escape(decoded.Substring(start + bold.Groups[1].Index, bold.Groups[1].Length))).Append('*');
            at = from + bold.Length;
        }

        result.Append(Escape(decoded[at..(start + length)]));
    }

    /// <summary>Bold a short label; text containing line breaks or asterisks is left as is.</summary>
    public static string Bold(string escaped) =>
        escaped.Length == 0 || escaped.Contains('\n', StringComparison.Ordinal) || escaped.Contains('*', StringComparison.Ordinal) || char.IsWhiteSpace(escaped[0]) || char.IsWhiteSpace(escaped[^1])
            ? escaped
            : "*" + escaped + "*";

    /// <summary>Escaped text in a code block; a backtick run that would close the fence is broken with a zero-width space.</summary>
    public static string Preformatted(string escapedBody) =>
        "```\n" + escapedBody.Replace("```", "`\u200B``", StringComparison.Ordinal) + "\n```";

    /// <summary>Cuts escaped mrkdwn to <paramref name="max"/> characters, ending with a visible note of what was cut.</summary>
    public static string Truncate(string mrkdwn, int max)
    {
        if (mrkdwn.Length <= max)
        {
            return mrkdwn;
        }

        var cut = SafeCut(mrkdwn, max - 48);
        var note = string.Create(CultureInfo.InvariantCulture, $"… _(cut: {mrkdwn.Length - cut} more characters)_");
        return mrkdwn[..cut] + note;
    }

    /// <summary>A length ≤ <paramref name="max"/> at which <paramref name="mrkdwn"/> can be cut without splitting an entity, a link or a surrogate pair.</summary>
    public static int SafeCut(string mrkdwn, int max)
    {
        var cut = Math.Clamp(max, 0, mrkdwn.Length);
        var amp = mrkdwn.LastIndexOf('&', Math.Max(cut - 1, 0));
        if (amp >= 0 && amp > cut - 6 && mrkdwn.IndexOf(';', amp) >= cut)
        {
            cut = amp;
        }

        var open = cut > 0 ? mrkdwn.LastIndexOf('<', cut - 1) : -1;
        if (open >= 0 && mrkdwn.LastIndexOf('>', cut - 1) < open)
        {
            cut = open;
        }

        if (cut > 0 && char.IsHighSurrogate(mrkdwn[cut - 1]))
        {
            cut--;
        }

        return cut;
    }

    /// <summary>Cuts plain text (headers, button labels, options) with a trailing ellipsis.</summary>
    public static string Cut(string plain, int max)
    {
        if (plain.Length <= max)
        {
            return plain;
        }

        var cut = max - 1;
        if (char.IsHighSurrogate(plain[cut - 1]))
        {
            cut--;
        }

        return plain[..cut] + "…";
    }

    public static bool IsWebUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    [GeneratedRegex(@"\*\*(?=\S)(.+?)(?<=\S)\*\*", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex Bold();

    [GeneratedRegex(@"\[(?<label>[^\]\n]{1,200})\]\((?<url>[^)\s]{1,2000})\)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex Link();
}
