namespace ChatNetOps.Conversation.Cards;

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

/// <summary>
/// Card text is literal. A TextBlock's <c>text</c> and a FactSet's titles and values are Markdown in Adaptive Cards
/// (https://learn.microsoft.com/en-us/adaptive-cards/authoring-cards/text-features), and Teams removes whatever looks like
/// an HTML tag from them, so user and device text bound into a card could plant a link (<c>[click](https://…)</c>,
/// <c>&lt;https://…&gt;</c>), a mention-looking <c>&lt;at&gt;</c> or formatting that looks bot-authored, and any
/// <c>&lt;…&gt;</c> fragment would vanish. <see cref="MakeLiteral"/> escapes those fields of a bound card: Markdown
/// punctuation gets a backslash, <c>&amp; &lt; &gt;</c> become entities, a line break stays a line break (a Markdown hard
/// break) and leading indentation becomes non-breaking spaces. RichTextBlock text runs and CodeBlock snippets are not
/// Markdown and stay as they are. Renderers that are not Markdown (Slack, the console) read card text back with
/// <see cref="Unescape"/>. Mentions the bot adds itself (Teams <c>&lt;at&gt;</c>) are added after this, by the adapter.
/// </summary>
public static class CardText
{
    private const char NoBreakSpace = '\u00A0';

    /// <summary>Escapes every TextBlock text and FactSet title and value in <paramref name="card"/>, in place; returns it.</summary>
    public static T MakeLiteral<T>(T card)
        where T : JsonNode
    {
        ArgumentNullException.ThrowIfNull(card);
        Walk(card);
        return card;
    }

    /// <summary>
    /// <paramref name="text"/> as Adaptive Card Markdown that renders exactly as the text: nothing in it forms a link,
    /// a tag, emphasis, a list, a heading or a code span.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').TrimEnd('\n').Split('\n');
        var escaped = new StringBuilder(text.Length + 16);
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                // A backslash before the line end is a hard line break (a single newline would join the lines).
                escaped.Append("\\\n");
            }

            EscapeLine(lines[i], escaped);
        }

        return escaped.ToString();
    }

    /// <summary>Reads card Markdown written by <see cref="Escape"/> (or any Markdown's escapes and entities) back as plain text.</summary>
    public static string Unescape(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        if (markdown.AsSpan().IndexOfAny('\\', '&') < 0)
        {
            return markdown;
        }

        var text = new StringBuilder(markdown.Length);
        for (var i = 0; i < markdown.Length; i++)
        {
            var c = markdown[i];
            if (c == '\\' && i + 1 < markdown.Length && (markdown[i + 1] == '\n' || IsAsciiPunctuation(markdown[i + 1])))
            {
                text.Append(markdown[++i]);
                continue;
            }

            if (c == '&' && Entity(markdown, i) is { } entity)
            {
                text.Append(entity.Char);
                i += entity.Length - 1;
                continue;
            }

            text.Append(c);
        }

        return text.ToString();
    }

    /// <summary>ASCII punctuation, the characters CommonMark lets a backslash escape.</summary>
    public static bool IsAsciiPunctuation(char c) => c is (>= '!' and <= '/') or (>= ':' and <= '@') or (>= '[' and <= '`') or (>= '{' and <= '~');

    /// <summary>The character an entity written at <paramref name="at"/> stands for (the ones <see cref="Escape"/> writes, plus quotes and numeric ones).</summary>
    public static (char Char, int Length)? Entity(string text, int at)
    {
        var end = text.IndexOf(';', at + 1);
        if (end < 0 || end - at > 8)
        {
            return null;
        }

        var name = text.AsSpan(at + 1, end - at - 1);
        char? c = name switch
        {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" or "#39" => '\'',
            "nbsp" => NoBreakSpace,
            _ when name.Length > 1 && name[0] == '#' && int.TryParse(name[1..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code) && code is > 0 and < 0xD800 => (char)code,
            _ => null,
        };
        return c is null ? null : (c.Value, end - at + 1);
    }

    private static void EscapeLine(string line, StringBuilder escaped)
    {
        var i = 0;
        while (i < line.Length && line[i] is ' ' or '\t')
        {
            // Leading indentation would start a code block or be dropped.
            escaped.Append(NoBreakSpace);
            i++;
        }

        // Block markers only count at the start of a line: headings, quotes, list items, setext underlines, rules.
        var orderedMarker = -1;
        if (i < line.Length)
        {
            if (line[i] is '#' or '+' or '-' or '=')
            {
                escaped.Append('\\');
            }
            else if (char.IsAsciiDigit(line[i]))
            {
                var j = i;
                while (j < line.Length && j - i < 10 && char.IsAsciiDigit(line[j]))
                {
                    j++;
                }

                if (j < line.Length && line[j] is '.' or ')')
                {
                    orderedMarker = j;
                }
            }
        }

        for (; i < line.Length; i++)
        {
            var c = line[i];
            switch (c)
            {
                case '&':
                    escaped.Append("&amp;");
                    break;
                case '<':
                    escaped.Append("&lt;");
                    break;
                case '>':
                    escaped.Append("&gt;");
                    break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '~' or '|':
                    escaped.Append('\\').Append(c);
                    break;
                default:
                    if (i == orderedMarker)
                    {
                        escaped.Append('\\');
                    }

                    escaped.Append(c);
                    break;
            }
        }
    }

    private static void Walk(JsonNode node)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        Walk(item);
                    }
                }

                break;
            case JsonObject element:
                var type = element["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null;
                if (type == "TextBlock")
                {
                    EscapeProperty(element, "text");
                }
                else if (type == "FactSet" && element["facts"] is JsonArray facts)
                {
                    foreach (var fact in facts.OfType<JsonObject>())
                    {
                        EscapeProperty(fact, "title");
                        EscapeProperty(fact, "value");
                    }
                }

                foreach (var (_, child) in element)
                {
                    if (child is JsonObject or JsonArray)
                    {
                        Walk(child);
                    }
                }

                break;
        }
    }

    private static void EscapeProperty(JsonObject owner, string property)
    {
        if (owner[property] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            owner[property] = Escape(value.GetValue<string>());
        }
    }
}
