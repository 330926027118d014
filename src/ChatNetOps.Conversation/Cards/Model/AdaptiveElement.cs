namespace ChatNetOps.Conversation.Cards.Model;

/// <summary>
/// An element of a card body (Adaptive Cards 1.5, plus Teams' CodeBlock). Card Markdown (TextBlock text, fact titles and
/// values) is kept as it is in the card: renderers read it with <see cref="CardText.Unescape"/>.
/// </summary>
public abstract record AdaptiveElement
{
    private protected AdaptiveElement()
    {
    }

    public string? Id { get; init; }

    /// <summary>False for <c>isVisible: false</c>: shown only when an <see cref="AdaptiveAction.ToggleVisibility"/> shows it.</summary>
    public bool IsVisible { get; init; } = true;

    /// <summary><c>separator: true</c>: a line above the element.</summary>
    public bool Separator { get; init; }

    /// <param name="Text">Card Markdown.</param>
    public sealed record TextBlock(string Text) : AdaptiveElement
    {
        public TextSize Size { get; init; }

        public bool Bolder { get; init; }

        public TextColor Color { get; init; }

        /// <summary><c>fontType: Monospace</c>.</summary>
        public bool Monospace { get; init; }

        /// <summary><c>style: heading</c>.</summary>
        public bool IsHeading { get; init; }
    }

    /// <summary>Text runs: literal text, not Markdown.</summary>
    public sealed record RichTextBlock(IReadOnlyList<TextRun> Inlines) : AdaptiveElement
    {
        public bool Bolder { get; init; }

        public TextColor Color { get; init; }
    }

    public sealed record FactSet(IReadOnlyList<Fact> Facts) : AdaptiveElement;

    /// <summary>Teams' code view; <paramref name="Snippet"/> is the text itself (its fallback is for clients without it).</summary>
    public sealed record CodeBlock(string Snippet) : AdaptiveElement;

    /// <summary>A Container, or a Column of a <see cref="ColumnSet"/>.</summary>
    public sealed record Container(IReadOnlyList<AdaptiveElement> Items) : AdaptiveElement
    {
        public ContainerStyle Style { get; init; }
    }

    public sealed record ColumnSet(IReadOnlyList<Container> Columns) : AdaptiveElement;

    public sealed record Image(string? Url, string? AltText) : AdaptiveElement;

    public sealed record ImageSet(IReadOnlyList<Image> Images) : AdaptiveElement;

    public sealed record ActionSet(IReadOnlyList<AdaptiveAction> Actions) : AdaptiveElement;

    /// <summary>An <c>Input.*</c> element; its value travels with the actions that use the card's inputs.</summary>
    /// <param name="Type">The Adaptive Card type name (<c>Input.Text</c>, …).</param>
    public abstract record Input(string Type) : AdaptiveElement
    {
        public string? Label { get; init; }

        public string? Placeholder { get; init; }

        public bool IsRequired { get; init; }

        /// <summary>The initial value (JSON numbers as their text).</summary>
        public string? Value { get; init; }

        public string? ErrorMessage { get; init; }
    }

    public sealed record TextInput() : Input("Input.Text")
    {
        /// <summary>The pattern a value must match in full (checked by the client).</summary>
        public string? Regex { get; init; }

        public int? MaxLength { get; init; }

        public bool IsMultiline { get; init; }
    }

    public sealed record NumberInput() : Input("Input.Number")
    {
        public decimal? Min { get; init; }

        public decimal? Max { get; init; }
    }

    public sealed record ChoiceSetInput(IReadOnlyList<Choice> Choices) : Input("Input.ChoiceSet");

    public sealed record ToggleInput() : Input("Input.Toggle")
    {
        public string? Title { get; init; }

        public string ValueOn { get; init; } = "true";

        public string ValueOff { get; init; } = "false";
    }

    public sealed record DateInput() : Input("Input.Date");

    public sealed record TimeInput() : Input("Input.Time");

    /// <summary>An element of a type we do not support that has no fallback (<paramref name="Type"/> is empty when it had none).</summary>
    public sealed record Unknown(string Type) : AdaptiveElement;
}
