namespace ChatNetOps.Alerts.Tests.Cards;

using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Messages;

/// <summary>Reads a sent alert card back: its facts as plain text, its buttons and links.</summary>
internal static class CardRead
{
    public static string Fact(this OutboundMessage message, string title) =>
        Facts(message.Card!).Single(f => f.Title == title).Value;

    public static IReadOnlyList<(string Title, string Value)> Facts(JsonNode card) =>
        [.. Walk(card).Where(o => (string?)o["type"] == "FactSet").SelectMany(o => o["facts"]!.AsArray())
            .Select(f => (CardText.Unescape((string)f!["title"]!), CardText.Unescape((string)f["value"]!)))];

    public static IReadOnlyList<JsonObject> Actions(this OutboundMessage message) =>
        [.. message.Card!["actions"]!.AsArray().OfType<JsonObject>()];

    public static JsonObject? Action(this OutboundMessage message, string verb) =>
        message.Actions().SingleOrDefault(a => (string?)a["verb"] == verb);

    /// <summary>The values an Input.ChoiceSet of the card offers.</summary>
    public static IReadOnlyList<string> Choices(this OutboundMessage message, string id) =>
        [.. Walk(message.Card!).Where(o => (string?)o["type"] == "Input.ChoiceSet" && (string?)o["id"] == id)
            .SelectMany(o => o["choices"]!.AsArray()).Select(c => (string)c!["value"]!)];

    public static IReadOnlyList<string> Texts(this OutboundMessage message) =>
        [.. Walk(message.Card!).Where(o => (string?)o["type"] == "TextBlock").Select(o => CardText.Unescape((string)o["text"]!))];

    private static IEnumerable<JsonObject> Walk(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                yield return o;
                foreach (var (_, child) in o)
                {
                    if (child is not null)
                    {
                        foreach (var inner in Walk(child))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    if (item is not null)
                    {
                        foreach (var inner in Walk(item))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
        }
    }
}
