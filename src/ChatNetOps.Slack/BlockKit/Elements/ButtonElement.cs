namespace ChatNetOps.Slack.BlockKit.Elements;

/// <summary>A button: plain text ≤ 75, value ≤ 2,000, url ≤ 3,000, style <c>primary</c> or <c>danger</c>.</summary>
internal sealed record ButtonElement(TextObject Text) : BlockElement
{
    public const string Primary = "primary";
    public const string Danger = "danger";

    public string? Value { get; init; }

    public string? Url { get; init; }

    public string? Style { get; init; }
}
