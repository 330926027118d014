namespace ChatNetOps.Slack.Inbound.Wire;

/// <summary>One input's value: <c>value</c> for text and number inputs, <c>selected_option</c> for selects.</summary>
internal sealed record ViewStateValue
{
    public string? Type { get; init; }

    public string? Value { get; init; }

    public SelectedOption? SelectedOption { get; init; }
}
