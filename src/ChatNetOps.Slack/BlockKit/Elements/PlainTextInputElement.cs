namespace ChatNetOps.Slack.BlockKit.Elements;

/// <summary>A text box in a modal.</summary>
internal sealed record PlainTextInputElement : BlockElement
{
    public bool? Multiline { get; init; }

    public int? MaxLength { get; init; }

    public string? InitialValue { get; init; }

    public TextObject? Placeholder { get; init; }
}
