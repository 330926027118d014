namespace ChatNetOps.Slack.BlockKit;

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

/// <summary>
/// Slack mrkdwn: escaping of <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> (so data can never form a link, a mention or
/// <c>&lt;!channel&gt;</c>), the Adaptive Card markdown subset converted (<c>**bold**</c> → <c>*bold*</c>,
/// <c>[text](url)</c> → <c>&lt;url|text&gt;</c>), and cutting that never splits an entity or a link.
/// </summary>
internal static partial class Mrkdwn
{
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

    /// <summary>Adaptive Card TextBlock markdown → Slack mrkdwn, escaped.</summary>
    public static string FromAdaptive(string text)
    {
        var escaped = Escape(text);
        escaped = Bold().Replace(escaped, "*$1*");
        return Link().Replace(escaped, match =>
        {
            var url = match.Groups["url"].Value;
            var label = match.Groups["label"].Value.Replace("|", "/", StringComparison.Ordinal);
            return IsWebUrl(url) ? $"<{url}|{label}>" : match.Value;
        });
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
