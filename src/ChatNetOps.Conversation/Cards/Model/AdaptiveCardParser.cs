namespace ChatNetOps.Conversation.Cards.Model;

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using E = AdaptiveElement;

/// <summary>Reads card JSON into <see cref="AdaptiveCard"/>; see <see cref="AdaptiveCard.Parse"/>.</summary>
internal static class AdaptiveCardParser
{
    /// <summary>How deep elements may nest (containers, columns, shown cards); deeper ones are left out.</summary>
    public const int MaxDepth = 32;

    public static AdaptiveCard Parse(JsonObject card) => Card(card, 0);

    private static AdaptiveCard Card(JsonObject card, int depth) => new(Elements(card["body"], depth), Actions(card["actions"], depth));

    private static IReadOnlyList<AdaptiveElement> Elements(JsonNode? items, int depth) =>
        depth >= MaxDepth ? [] : [.. Objects(items).Select(e => Element(e, depth + 1)).OfType<AdaptiveElement>()];

    private static AdaptiveElement? Element(JsonObject e, int depth)
    {
        var type = Str(e, "type") ?? string.Empty;
        AdaptiveElement? element = type switch
        {
            "TextBlock" => new E.TextBlock(Str(e, "text") ?? string.Empty)
            {
                Size = Enum<TextSize>(e, "size"),
                Bolder = Is(e, "weight", "Bolder"),
                Color = Enum<TextColor>(e, "color"),
                Monospace = Is(e, "fontType", "Monospace"),
                IsHeading = Is(e, "style", "heading"),
            },
            "RichTextBlock" => new E.RichTextBlock([.. (e["inlines"] as JsonArray ?? []).Select(Run).OfType<TextRun>()])
            {
                Bolder = Is(e, "weight", "Bolder"),
                Color = Enum<TextColor>(e, "color"),
            },
            "FactSet" => new E.FactSet([.. Objects(e["facts"]).Select(f => new Fact(Str(f, "title") ?? string.Empty, Str(f, "value") ?? string.Empty))]),
            "CodeBlock" => new E.CodeBlock(Str(e, "codeSnippet") ?? string.Empty),
            "Container" or "Column" => Container(e, depth),
            "ColumnSet" => new E.ColumnSet([.. Objects(e["columns"]).Select(c => Common(Container(c, depth), c))]),
            "Image" => Image(e),
            "ImageSet" => new E.ImageSet([.. Objects(e["images"]).Select(Image)]),
            "ActionSet" => new E.ActionSet(Actions(e["actions"], depth)),
            "Input.Text" => Input(e, new E.TextInput
            {
                Regex = Str(e, "regex"),
                MaxLength = e["maxLength"] is JsonValue m && m.TryGetValue<int>(out var max) ? max : null,
                IsMultiline = IsTrue(e, "isMultiline"),
            }),
            "Input.Number" => Input(e, new E.NumberInput { Min = Number(e["min"]), Max = Number(e["max"]) }),
            "Input.ChoiceSet" => Input(e, new E.ChoiceSetInput([.. Objects(e["choices"]).Select(c => new Choice(Str(c, "title") ?? Str(c, "value") ?? string.Empty, Str(c, "value") ?? string.Empty))])),
            "Input.Toggle" => Input(e, new E.ToggleInput { Title = Str(e, "title"), ValueOn = Str(e, "valueOn") ?? "true", ValueOff = Str(e, "valueOff") ?? "false" }),
            "Input.Date" => Input(e, new E.DateInput()),
            "Input.Time" => Input(e, new E.TimeInput()),
            _ => null,
        };
        return element is null ? Fallback(e, type, depth) : Common(element, e);
    }

    /// <summary>What a host shows for an element it does not know: its fallback element, nothing (<c>"drop"</c>), or the unknown element.</summary>
    private static AdaptiveElement? Fallback(JsonObject e, string type, int depth) => e["fallback"] switch
    {
        JsonValue drop when string.Equals(Str(drop), "drop", StringComparison.OrdinalIgnoreCase) => null,
        JsonObject fallback => Element(fallback, depth) is { } shown
            ? shown with { IsVisible = shown.IsVisible && !IsFalse(e, "isVisible"), Separator = shown.Separator || IsTrue(e, "separator") }
            : null,
        _ => Common(new E.Unknown(type), e),
    };

    private static T Common<T>(T element, JsonObject e)
        where T : AdaptiveElement =>
        element with { Id = Str(e, "id"), IsVisible = !IsFalse(e, "isVisible"), Separator = IsTrue(e, "separator") };

    private static E.Container Container(JsonObject e, int depth) => new(Elements(e["items"], depth)) { Style = Enum<ContainerStyle>(e, "style") };

    private static E.Image Image(JsonObject e) => new(Str(e, "url"), Str(e, "altText"));

    private static T Input<T>(JsonObject e, T input)
        where T : E.Input =>
        input with
        {
            Label = Str(e, "label"),
            Placeholder = Str(e, "placeholder"),
            IsRequired = IsTrue(e, "isRequired"),
            Value = Str(e, "value"),
            ErrorMessage = Str(e, "errorMessage"),
        };

    private static TextRun? Run(JsonNode? inline) => inline switch
    {
        JsonObject run => new TextRun(Str(run, "text") ?? string.Empty, Is(run, "weight", "Bolder"), Is(run, "fontType", "Monospace")),
        JsonValue text when Str(text) is { } s => new TextRun(s, false, false),
        _ => null,
    };

    private static IReadOnlyList<AdaptiveAction> Actions(JsonNode? actions, int depth) =>
        depth >= MaxDepth ? [] : [.. Objects(actions).Select(a => Action(a, depth + 1))];

    private static AdaptiveAction Action(JsonObject a, int depth)
    {
        var type = Str(a, "type") ?? "Action";
        AdaptiveAction action = type switch
        {
            "Action.Execute" => new AdaptiveAction.Execute(type, Str(a, "verb"), Data(a["data"]), !Is(a, "associatedInputs", "none")),
            "Action.Submit" when Data(a["data"]) is var data => new AdaptiveAction.Execute(type, Str(data, "verb") ?? Str(a, "id"), data, !Is(a, "associatedInputs", "none")),
            "Action.OpenUrl" => new AdaptiveAction.OpenUrl(Str(a, "url")),
            "Action.ShowCard" => new AdaptiveAction.ShowCard(a["card"] is JsonObject card ? Card(card, depth) : new AdaptiveCard([], [])),
            "Action.ToggleVisibility" => new AdaptiveAction.ToggleVisibility(
                [.. (a["targetElements"] as JsonArray ?? []).Select(t => t is JsonObject target ? Str(target, "elementId") : Str(t)).OfType<string>()]),
            _ => new AdaptiveAction.Unknown(type),
        };
        return action with
        {
            Title = Str(a, "title"),
            IsEnabled = !IsFalse(a, "isEnabled"),
            Style = Enum<ActionStyle>(a, "style"),
            Fallback = a["fallback"] is JsonObject fallback && depth < MaxDepth ? Action(fallback, depth + 1) : null,
        };
    }

    /// <summary>An action's data as an object we own: <c>{}</c> when absent, <c>{"value": …}</c> when it is not an object.</summary>
    private static JsonObject Data(JsonNode? data) => data switch
    {
        JsonObject o => (JsonObject)o.DeepClone(),
        null => [],
        _ => new JsonObject { ["value"] = data.DeepClone() },
    };

    private static IEnumerable<JsonObject> Objects(JsonNode? items) => (items as JsonArray ?? []).OfType<JsonObject>();

    /// <summary>A string property, or a number's or boolean's JSON text; null for anything else.</summary>
    private static string? Str(JsonObject owner, string property) => Str(owner[property]);

    private static string? Str(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        _ => null,
    };

    private static bool Is(JsonObject owner, string property, string value) => string.Equals(Str(owner, property), value, StringComparison.OrdinalIgnoreCase);

    private static bool IsTrue(JsonObject owner, string property) => owner[property] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    private static bool IsFalse(JsonObject owner, string property) => owner[property] is JsonValue v && v.GetValueKind() == JsonValueKind.False;

    /// <summary>The enum member named by the property (any case); the first member (Default) for anything else.</summary>
    private static T Enum<T>(JsonObject owner, string property)
        where T : struct, Enum =>
        System.Enum.GetValues<T>().FirstOrDefault(v => string.Equals(v.ToString(), Str(owner, property), StringComparison.OrdinalIgnoreCase));

    /// <summary>A JSON number, or a string holding one.</summary>
    private static decimal? Number(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<decimal>(out var d) => d,
        JsonValue v when v.GetValueKind() == JsonValueKind.String && decimal.TryParse(v.GetValue<string>(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };
}
