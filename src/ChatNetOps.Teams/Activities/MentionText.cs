namespace ChatNetOps.Teams.Activities;

using System.Net;
using System.Text.RegularExpressions;

/// <summary>The text a user typed, without the bot's <c>&lt;at&gt;…&lt;/at&gt;</c> mention (read from the mention entities).</summary>
internal static partial class MentionText
{
    public static string Clean(TeamsActivity activity)
    {
        var text = activity.Text ?? string.Empty;
        var botId = activity.Recipient?.Id;
        foreach (var mention in activity.Entities ?? [])
        {
            if (string.Equals(mention.Type, Entity.MentionType, StringComparison.OrdinalIgnoreCase)
                && mention.Text is { Length: > 0 } tag
                && (botId is null || string.Equals(mention.Mentioned?.Id, botId, StringComparison.OrdinalIgnoreCase)))
            {
                text = text.Replace(tag, " ", StringComparison.Ordinal);
            }
        }

        // Teams may send HTML-escaped text (&amp;, &nbsp;); the command grammar wants plain text on one line.
        text = WebUtility.HtmlDecode(text).Replace('\u00a0', ' ');
        return Whitespace().Replace(text, " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
