namespace ChatNetOps.Slack.BlockKit.Elements;

/// <summary>A whole-number box in a modal; bounds travel as strings.</summary>
internal sealed record NumberInputElement(bool IsDecimalAllowed) : BlockElement
{
    public string? MinValue { get; init; }

    public string? MaxValue { get; init; }

    public string? InitialValue { get; init; }
}
