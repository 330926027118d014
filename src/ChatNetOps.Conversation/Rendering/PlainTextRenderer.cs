namespace ChatNetOps.Conversation.Rendering;

using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Conversation.Cards.Model;
using E = ChatNetOps.Conversation.Cards.Model.AdaptiveElement;

/// <summary>
/// Renders any Adaptive Card (<see cref="AdaptiveCard"/>) as readable plain text: TextBlocks, RichTextBlocks, FactSets,
/// containers, columns, images, Teams CodeBlocks, inputs and numbered buttons. Generic over the card (no per-card code),
/// so every template in cards/ renders, and unknown elements are named rather than dropped. Card Markdown is read back as
/// the text it stands for (<see cref="CardText.Unescape"/>).
/// </summary>
public static class PlainTextRenderer
{
    public static RenderedCard Render(JsonObject card) => Render(AdaptiveCard.Parse(card));

    public static RenderedCard Render(AdaptiveCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var writer = new Writer();
        var text = new StringBuilder();
        writer.Elements(card.Body, text, 0);
        writer.Actions(card.Actions, text, 0);
        return new RenderedCard(text.ToString().TrimEnd('\n'), writer.Buttons, writer.Inputs, writer.Hidden);
    }

    /// <summary>One rendering: the buttons and inputs met so far, and the text of hidden parts.</summary>
    private sealed class Writer
    {
        public List<CardButton> Buttons { get; } = [];

        public List<CardInput> Inputs { get; } = [];

        public Dictionary<string, string> Hidden { get; } = new(StringComparer.Ordinal);

        public void Elements(IEnumerable<AdaptiveElement> elements, StringBuilder text, int depth)
        {
            foreach (var element in elements)
            {
                Element(element, text, depth);
            }
        }

        public void Actions(IReadOnlyList<AdaptiveAction> actions, StringBuilder text, int depth)
        {
            if (actions.Count == 0)
            {
                return;
            }

            var line = new List<string>();
            foreach (var action in actions)
            {
                var number = Buttons.Count + 1;
                var verb = (action as AdaptiveAction.Execute)?.Verb;
                var title = action.Title ?? verb ?? action.Type;
                var button = action switch
                {
                    AdaptiveAction.Execute execute => new CardButton(number, title, action.Type, verb, (JsonObject)execute.Data.DeepClone(), execute.AssociatesInputs ? [.. Inputs] : []),
                    AdaptiveAction.OpenUrl open => new CardButton(number, title, action.Type, null, [], []) { Url = open.Url },
                    AdaptiveAction.ToggleVisibility toggle => new CardButton(number, title, action.Type, null, [], []) { Targets = toggle.TargetElements },
                    AdaptiveAction.ShowCard or AdaptiveAction.Unknown => new CardButton(number, title, action.Type, null, [], []),
                    _ => throw new UnreachableException($"No plain-text rendering for {action.GetType().Name}."),
                };
                Buttons.Add(button);
                line.Add($"[{number}] {title}" + (button.Url is not null ? $" ({button.Url})" : string.Empty));
                if (action is AdaptiveAction.ShowCard shown)
                {
                    var inner = new StringBuilder();
                    Elements(shown.Card.Body, inner, depth + 1);
                    Hidden[$"card-{number}"] = inner.ToString().TrimEnd('\n');
                }
            }

            Line(text, Indent(depth), "Buttons: " + string.Join("  ", line));
        }

        private void Element(AdaptiveElement element, StringBuilder text, int depth)
        {
            if (!element.IsVisible)
            {
                var hidden = new StringBuilder();
                Element(element with { IsVisible = true }, hidden, depth + 1);
                Hidden[element.Id ?? $"hidden-{Hidden.Count + 1}"] = hidden.ToString().TrimEnd('\n');
                return;
            }

            var indent = Indent(depth);
            switch (element)
            {
                case E.TextBlock block:
                    Line(text, indent, TextBlock(block));
                    break;
                case E.RichTextBlock rich:
                    Line(text, indent, string.Concat(rich.Inlines.Select(r => r.Text)));
                    break;
                case E.FactSet set:
                    var facts = set.Facts.Select(f => (Title: Strip(f.Title), Value: CardText.Unescape(f.Value))).ToArray();
                    var width = facts.Length == 0 ? 0 : Math.Min(28, facts.Max(f => f.Title.Length));
                    foreach (var (title, value) in facts)
                    {
                        Line(text, indent, $"  {(title + ":").PadRight(width + 1)} {value.Replace("\n", "\n" + indent + new string(' ', width + 4), StringComparison.Ordinal)}");
                    }

                    break;
                case E.CodeBlock code:
                    Line(text, indent, code.Snippet);
                    break;
                case E.Container container:
                    Elements(container.Items, text, depth);
                    break;
                case E.ColumnSet columns:
                    Elements(columns.Columns, text, depth);
                    break;
                case E.ActionSet set:
                    Actions(set.Actions, text, depth);
                    break;
                case E.Image image:
                    Line(text, indent, $"[image: {image.AltText ?? image.Url ?? "no description"}]");
                    break;
                case E.ImageSet images:
                    Line(text, indent, $"[{images.Images.Count} images]");
                    break;
                case E.Input input:
                    var field = new CardInput(
                        input.Id ?? "input",
                        (input.Label ?? input.Placeholder ?? input.Id ?? "input").Replace("**", string.Empty, StringComparison.Ordinal),
                        input.Type,
                        input.IsRequired)
                    {
                        Choices = input is E.ChoiceSetInput choices ? [.. choices.Choices.Select(c => (c.Title, c.Value))] : [],
                        Value = string.IsNullOrEmpty(input.Value) ? null : input.Value,
                    };
                    Inputs.Add(field);
                    Line(text, indent, Describe(field));
                    break;
                case E.Unknown unknown:
                    Line(text, indent, unknown.Type.Length == 0 ? null : $"[{unknown.Type}]");
                    break;
                default:
                    throw new UnreachableException($"No plain-text rendering for {element.GetType().Name}.");
            }
        }
    }

    private static string Describe(CardInput input)
    {
        // A label that already says when it is required ("Reason for rejecting (required to reject)") is not told twice.
        var required = input.Required && !input.Label.Contains("required", StringComparison.OrdinalIgnoreCase);
        var text = new StringBuilder($"> {input.Label}{(required ? " (required)" : string.Empty)}");
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

    private static string TextBlock(E.TextBlock block)
    {
        if (block.Monospace)
        {
            return CardText.Unescape(block.Text);
        }

        var text = Strip(block.Text);
        if (block.Size is TextSize.Large or TextSize.ExtraLarge)
        {
            return "== " + text + " ==";
        }

        if (block.Size == TextSize.Medium)
        {
            return "-- " + text + " --";
        }

        // A bold label reads as a heading ("Output:"); bold sentences keep their own punctuation.
        return block.Bolder && !text.Contains('\n', StringComparison.Ordinal) && !text.EndsWith(':') && !text.EndsWith('.') && !text.EndsWith('!') && !text.EndsWith('?') ? text + ":" : text;
    }

    private static string Indent(int depth) => new(' ', Math.Min(depth, 8) * 2);

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

    /// <summary>Card Markdown as plain text: emphasis markers (<c>**bold**</c>) removed, escapes and entities read back.</summary>
    private static string Strip(string text) => CardText.Unescape(text.Replace("**", string.Empty, StringComparison.Ordinal));
}
