namespace ChatNetOps.Conversation.Tests.Cards;

using System.Text.Json.Nodes;

/// <summary>What the templates themselves may not contain, because of how Teams renders card text.</summary>
public sealed class CardReadabilityTests
{
    public static TheoryData<string> Templates() =>
        [.. Directory.EnumerateFiles(RepoPaths.CardsDirectory, "*.json").Where(f => !f.EndsWith(".data.json", StringComparison.Ordinal)).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Templates))]
    public void Template_HasNoWarningOrGoodColouredText(string file)
    {
        // Teams' Warning and Good text colours are about 2.4:1 and 2.1:1 against a white card (measured in the Agents
        // Playground); a warning or a success goes in an attention or good container with dark text instead.
        var colours = Strings(Load(file), "color").ToList();

        Assert.DoesNotContain(colours, c => c.Contains("Warning", StringComparison.OrdinalIgnoreCase) || c.Contains("Good", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Template_TextHasNoMarkdownAndNoAngleBrackets(string file)
    {
        // Card text is escaped when it is bound (CardText.MakeLiteral), so Markdown in a template would show as written,
        // and Teams strips what looks like a tag: emphasis comes from weight, text runs and container styles.
        var texts = Strings(Load(file), "text").Concat(Strings(Load(file), "title")).Concat(Strings(Load(file), "value")).ToList();

        Assert.DoesNotContain(texts, t => t.Contains("**", StringComparison.Ordinal) || t.Contains("](", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => System.Text.RegularExpressions.Regex.IsMatch(t, @"<[A-Za-z!/@][^<>]*>"));
    }

    private static JsonNode Load(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.CardsDirectory, file)))!;

    private static IEnumerable<string> Strings(JsonNode? node, string property) => node switch
    {
        JsonObject o => (o[property] is JsonValue v && v.TryGetValue<string>(out var s) ? [s] : Enumerable.Empty<string>()).Concat(o.SelectMany(p => Strings(p.Value, property))),
        JsonArray a => a.SelectMany(i => Strings(i, property)),
        _ => [],
    };
}
