namespace ChatNetOps.Conversation.Rendering;

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;

/// <summary>
/// Renders any Adaptive Card as readable plain text: TextBlocks, RichTextBlocks, FactSets, containers, columns,
/// images, Teams CodeBlocks, inputs and numbered buttons. Generic over the card JSON (no per-card code), so every
/// template in cards/ renders, and unknown elements are named rather than dropped. Card Markdown is read back as the
/// text it stands for (<see cref="CardText.Unescape"/>).
/// </summary>
public static class PlainTextRenderer
{
    private const int MaxDepth = 32;

    public static RenderedCard Render(JsonObject card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var state = new State();
        var text = new StringBuilder();
        RenderElements(card["body"] as JsonArray, text, state, 0);
        RenderActions(card["actions"] as JsonArray, text, state, 0);
        return new RenderedCard(text.ToString().TrimEnd('\n'), state.Buttons, state.Inputs, state.Hidden);
    }

    private static void RenderElements(JsonArray? elements, StringBuilder text, State state, int depth)
    {
        if (elements is null || depth > MaxDepth)
        {
            return;
        }

        foreach (var node in elements)
        {
            if (node is JsonObject element)
            {
                RenderElement(element, text, state, depth);
            }
        }
    }

    private static void RenderElement(JsonObject element, StringBuilder text, State state, int depth)
    {
        if (element["isVisible"] is JsonValue visible && visible.TryGetValue<bool>(out var shown) && !shown)
        {
            var hidden = new StringBuilder();
            RenderElement(WithoutVisibility(element), hidden, state, depth + 1);
            state.Hidden[Str(element["id"]) ?? $"hidden-{state.Hidden.Count + 1}"] = hidden.ToString().TrimEnd('\n');
            return;
        }

        var indent = new string(' ', Math.Min(depth, 8) * 2);
        switch (Str(element["type"]))
        {
            case "TextBlock":
                Line(text, indent, TextBlock(element));
                break;
            case "RichTextBlock":
                Line(text, indent, string.Concat((element["inlines"] as JsonArray ?? []).Select(i => i is JsonObject o ? Str(o["text"]) : Str(i))));
                break;
            case "FactSet":
                var facts = (element["facts"] as JsonArray ?? []).OfType<JsonObject>().Select(f => (Title: Strip(Str(f["title"]) ?? string.Empty), Value: CardText.Unescape(Str(f["value"]) ?? string.Empty))).ToArray();
                var width = facts.Length == 0 ? 0 : Math.Min(28, facts.Max(f => f.Title.Length));
                foreach (var (title, value) in facts)
                {
                    Line(text, indent, $"  {(title + ":").PadRight(width + 1)} {Indent(value, indent + new string(' ', width + 4))}");
                }

                break;
            case "CodeBlock":
                // Teams' code view (https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/cards-format#codeblock-in-adaptive-cards):
                // the snippet as it is; its fallback is for clients without CodeBlock.
                Line(text, indent, Str(element["codeSnippet"]));
                break;
            case "Container":
            case "Column":
                RenderElements(element["items"] as JsonArray, text, state, depth);
                if (element["selectAction"] is JsonObject select)
                {
                    RenderActions([select.DeepClone()], text, state, depth);
                }

                break;
            case "ColumnSet":
                foreach (var column in (element["columns"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    RenderElement(column, text, state, depth);
                }

                break;
            case "ActionSet":
                RenderActions(element["actions"] as JsonArray, text, state, depth);
                break;
            case "Image":
                Line(text, indent, $"[image: {Str(element["altText"]) ?? Str(element["url"]) ?? "no description"}]");
                break;
            case "ImageSet":
                Line(text, indent, $"[{(element["images"] as JsonArray)?.Count ?? 0} images]");
                break;
            case "Table":
                foreach (var row in (element["rows"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    var cells = (row["cells"] as JsonArray ?? []).OfType<JsonObject>().Select(c =>
                    {
                        var cell = new StringBuilder();
                        RenderElements(c["items"] as JsonArray, cell, state, depth + 1);
                        return cell.ToString().Trim().Replace('\n', ' ');
                    });
                    Line(text, indent, "| " + string.Join(" | ", cells) + " |");
                }

                break;
            case { } type when type.StartsWith("Input.", StringComparison.Ordinal):
                var input = Input(element, type);
                state.Inputs.Add(input);
                Line(text, indent, Describe(input));
                break;
            case { } other:
                Line(text, indent, $"[{other}]");
                break;
            default:
                break;
        }
    }

    private static void RenderActions(JsonArray? actions, StringBuilder text, State state, int depth)
    {
        if (actions is null || actions.Count == 0 || depth > MaxDepth)
        {
            return;
        }

        var indent = new string(' ', Math.Min(depth, 8) * 2);
        var line = new List<string>();
        foreach (var action in actions.OfType<JsonObject>())
        {
            var type = Str(action["type"]) ?? "Action";
            var title = Str(action["title"]) ?? Str(action["verb"]) ?? type;
            var number = state.Buttons.Count + 1;
            var data = action["data"] as JsonObject is { } d ? (JsonObject)d.DeepClone() : [];
            IReadOnlyList<CardInput> inputs = type is "Action.Execute" or "Action.Submit"
                && !string.Equals(Str(action["associatedInputs"]), "none", StringComparison.OrdinalIgnoreCase)
                ? [.. state.Inputs]
                : [];
            var button = new CardButton(number, title, type, Str(action["verb"]), data, inputs)
            {
                Targets = [.. (action["targetElements"] as JsonArray ?? []).Select(t => t is JsonObject o ? Str(o["elementId"]) : Str(t)).OfType<string>()],
                Url = Str(action["url"]),
            };
            state.Buttons.Add(button);
            line.Add($"[{number}] {title}" + (type == "Action.OpenUrl" && button.Url is not null ? $" ({button.Url})" : string.Empty));
            if (type == "Action.ShowCard" && action["card"] is JsonObject shown)
            {
                var inner = new StringBuilder();
                RenderElements(shown["body"] as JsonArray, inner, state, depth + 1);
                state.Hidden[$"card-{number}"] = inner.ToString().TrimEnd('\n');
            }
        }

        Line(text, indent, "Buttons: " + string.Join("  ", line));
    }

    private static CardInput Input(JsonObject element, string type)
    {
        var id = Str(element["id"]) ?? "input";
        var label = (Str(element["label"]) ?? Str(element["placeholder"]) ?? id).Replace("**", string.Empty, StringComparison.Ordinal);
        var required = element["isRequired"] is JsonValue r && r.TryGetValue<bool>(out var req) && req;
        var choices = (element["choices"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(c => (Title: Str(c["title"]) ?? Str(c["value"]) ?? string.Empty, Value: Str(c["value"]) ?? string.Empty))
            .ToArray();
        var value = Str(element["value"]);
        return new CardInput(id, label, type, required) { Choices = choices, Value = string.IsNullOrEmpty(value) ? null : value };
    }

    private static string Describe(CardInput input)
    {
        var text = new StringBuilder($"> {input.Label}{(input.Required ? " (required)" : string.Empty)}");
        if (input.Choices.Count > 0)
        {
            text.Append(": ").Append(string.Join(" | ", input.Choices.Take(30).Select(c => c.Title == c.Value ? c.Value : $"{c.Value} ({c.Title})")));
            if (input.Choices.Count > 30)
            {
                text.Append(CultureInfo.InvariantCulture, $" | …and {input.Choices.Count - 30} more");
            }
        }

        if (input.Value is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" [{input.Value}]");
        }

        return text.ToString();
    }

    private static string TextBlock(JsonObject element)
    {
        var raw = Str(element["text"]) ?? string.Empty;
        if (string.Equals(Str(element["fontType"]), "Monospace", StringComparison.OrdinalIgnoreCase))
        {
            return CardText.Unescape(raw);
        }

        var text = Strip(raw);
        var size = Str(element["size"]);
        var bold = string.Equals(Str(element["weight"]), "Bolder", StringComparison.OrdinalIgnoreCase);
        if (string.Equals(size, "Large", StringComparison.OrdinalIgnoreCase) || string.Equals(size, "ExtraLarge", StringComparison.OrdinalIgnoreCase))
        {
            return "== " + text + " ==";
        }

        if (string.Equals(size, "Medium", StringComparison.OrdinalIgnoreCase))
        {
            return "-- " + text + " --";
        }

        // A bold label reads as a heading ("Output:"); bold sentences keep their own punctuation.
        return bold && !text.Contains('\n', StringComparison.Ordinal) && !text.EndsWith(':') && !text.EndsWith('.') && !text.EndsWith('!') && !text.EndsWith('?') ? text + ":" : text;
    }

    private static void Line(StringBuilder text, string indent, string? line)
    {
        if (string.IsNullOrEmpty(line))
        {
            return;
        }

        foreach (var part in line.Split('\n'))
        {
            text.Append(indent).Append(part.TrimEnd('\r')).Append('\n');
        }
    }

    private static string Indent(string value, string indent) => value.Replace("\n", "\n" + indent, StringComparison.Ordinal);

    /// <summary>Card Markdown as plain text: emphasis markers (<c>**bold**</c>) removed, escapes and entities read back.</summary>
    private static string Strip(string text) => CardText.Unescape(text.Replace("**", string.Empty, StringComparison.Ordinal));

    private static JsonObject WithoutVisibility(JsonObject element)
    {
        var copy = (JsonObject)element.DeepClone();
        copy.Remove("isVisible");
        return copy;
    }

    private static string? Str(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        _ => node.ToJsonString(),
    };

    private sealed class State
    {
        public List<CardButton> Buttons { get; } = [];

        public List<CardInput> Inputs { get; } = [];

        public Dictionary<string, string> Hidden { get; } = new(StringComparer.Ordinal);
    }
}
