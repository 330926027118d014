namespace ChatNetOps.Slack.BlockKit.Elements;

/// <summary>A drop-down of up to 100 options.</summary>
internal sealed record StaticSelectElement(IReadOnlyList<Option> Options) : BlockElement
{
    public Option? InitialOption { get; init; }

    public TextObject? Placeholder { get; init; }
}
