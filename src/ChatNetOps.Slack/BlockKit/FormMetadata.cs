namespace ChatNetOps.Slack.BlockKit;

/// <summary>
/// What a modal carries in <c>private_metadata</c> (≤ 3,000 characters): the form it shows and where the card that
/// opened it lives, so the submission can be turned back into the card action.
/// </summary>
/// <param name="Form">The form id in <see cref="FormStore"/>.</param>
internal sealed record FormMetadata(string Form)
{
    public string? Channel { get; init; }

    public string? MessageTs { get; init; }

    public string? ThreadTs { get; init; }

    public string? ResponseUrl { get; init; }
}
