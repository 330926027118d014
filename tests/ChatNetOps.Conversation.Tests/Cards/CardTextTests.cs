namespace ChatNetOps.Conversation.Tests.Cards;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;

/// <summary>Card text is literal: nothing bound into a TextBlock or a FactSet can form Markdown, a link, a tag or a mention.</summary>
public sealed class CardTextTests
{
    /// <summary>What a hostile member or device can put in a title, a reason, an input or a display name.</summary>
    public const string Hostile = "<!channel> <https://evil.example|click> [click](https://evil.example) <at>Sam Second</at> **bold** _it_ `code` ~~gone~~ | a & b <b>tag</b> \\[x\\]";

    private static readonly CardTemplates Templates = CardTemplates.Load(RepoPaths.CardsDirectory);

    public static TheoryData<string> Names() => [.. CardNames.All];

    [Theory]
    [InlineData("")]
    [InlineData("plain words stay as they are")]
    [InlineData(Hostile)]
    [InlineData("- a list item\n+ another\n1. numbered\n2) also\n# heading\n> quote\n===\n    indented code")]
    [InlineData("trailing backslash \\")]
    [InlineData("line one\nline two\r\nline three\rline four")]
    public void Unescape_ReadsBackWhatEscapeWrote(string text)
    {
        var expected = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').TrimEnd('\n');
        var indented = string.Join('\n', expected.Split('\n').Select(l => new string('\u00A0', l.Length - l.TrimStart(' ', '\t').Length) + l.TrimStart(' ', '\t')));

        Assert.Equal(indented, CardText.Unescape(CardText.Escape(text)));
    }

    [Fact]
    public void Escape_LeavesNoMarkdownOrTagCharacterUnescaped()
    {
        var escaped = CardText.Escape(Hostile);

        AssertLiteral(escaped);
        Assert.Contains("&lt;!channel&gt;", escaped, StringComparison.Ordinal);
        Assert.Contains("\\[click\\](https://evil.example)", escaped, StringComparison.Ordinal);
        Assert.Contains("&lt;at&gt;Sam Second&lt;/at&gt;", escaped, StringComparison.Ordinal);
    }

    [Fact]
    public void Escape_BlockMarkersAtTheStartOfALine_AreText_AndLineBreaksStay()
    {
        var escaped = CardText.Escape("- item\n1. first\n# title\n===\n  indented");

        Assert.Equal("\\- item\\\n1\\. first\\\n\\# title\\\n\\===\\\n\u00A0\u00A0indented", escaped);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryCard_WithHostileTextInEveryField_HasOnlyLiteralTextBlocksAndFacts(string name)
    {
        var data = Poison(JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.CardsDirectory, name + ".data.json")))!);

        var card = Templates.Render(name, data);

        var texts = MarkdownTexts(card).ToList();
        Assert.NotEmpty(texts);
        Assert.All(texts, AssertLiteral);
        Assert.Contains(texts, t => CardText.Unescape(t).Contains("[click](https://evil.example)", StringComparison.Ordinal));
    }

    [Fact]
    public void MakeLiteral_LeavesTextRunsCodeBlocksInputsAndActionDataAsTheyAre()
    {
        var card = JsonNode.Parse("""
            {"type":"AdaptiveCard","body":[
              {"type":"RichTextBlock","inlines":[{"type":"TextRun","text":"a * b <c>"}]},
              {"type":"CodeBlock","codeSnippet":"x  <y> *z*","fallback":{"type":"TextBlock","text":"*f*"}},
              {"type":"Input.Text","id":"reason","label":"Reason *", "value":"<v>"}],
             "actions":[{"type":"Action.Execute","title":"A*","verb":"approve","data":{"requestId":"R_1*"}}]}
            """)!.AsObject();

        CardText.MakeLiteral(card);

        Assert.Equal("a * b <c>", (string?)card["body"]![0]!["inlines"]![0]!["text"]);
        Assert.Equal("x  <y> *z*", (string?)card["body"]![1]!["codeSnippet"]);
        Assert.Equal("\\*f\\*", (string?)card["body"]![1]!["fallback"]!["text"]);
        Assert.Equal("<v>", (string?)card["body"]![2]!["value"]);
        Assert.Equal("R_1*", (string?)card["actions"]![0]!["data"]!["requestId"]);
    }

    /// <summary>Every character Teams' Markdown or its tag stripping would act on is escaped (or an entity).</summary>
    internal static void AssertLiteral(string markdown)
    {
        for (var i = 0; i < markdown.Length; i++)
        {
            if (markdown[i] == '\\' && i + 1 < markdown.Length)
            {
                i++;
                continue;
            }

            Assert.False(markdown[i] is '<' or '>' or '[' or ']' or '*' or '_' or '`' or '~' or '|', $"unescaped '{markdown[i]}' at {i} in: {markdown}");
        }
    }

    /// <summary>The card text Teams renders as Markdown: TextBlock text and FactSet titles and values.</summary>
    internal static IEnumerable<string> MarkdownTexts(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if ((string?)o["type"] == "TextBlock" && o["text"] is JsonValue text)
                {
                    yield return text.GetValue<string>();
                }

                if ((string?)o["type"] == "FactSet")
                {
                    foreach (var fact in (o["facts"] as JsonArray ?? []).OfType<JsonObject>())
                    {
                        yield return (string?)fact["title"] ?? string.Empty;
                        yield return (string?)fact["value"] ?? string.Empty;
                    }
                }

                foreach (var (_, child) in o)
                {
                    foreach (var inner in MarkdownTexts(child))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    foreach (var inner in MarkdownTexts(item))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    /// <summary>The data with every string replaced by itself followed by <see cref="Hostile"/>.</summary>
    private static JsonNode Poison(JsonNode node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : Poison(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(i => i is null ? null : Poison(i))]),
        JsonValue v when v.TryGetValue<string>(out var s) => JsonValue.Create(s + " " + Hostile),
        _ => node.DeepClone(),
    };
}
