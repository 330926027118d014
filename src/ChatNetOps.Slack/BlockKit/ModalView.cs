namespace ChatNetOps.Slack.BlockKit;

using ChatNetOps.Slack.BlockKit.Blocks;

/// <summary>A modal for views.open: title/submit/close ≤ 24 characters, ≤ 100 blocks, private_metadata ≤ 3,000.</summary>
internal sealed record ModalView(TextObject Title, IReadOnlyList<Block> Blocks)
{
    public string Type { get; init; } = "modal";

    public TextObject? Submit { get; init; }

    public TextObject? Close { get; init; }

    public string? CallbackId { get; init; }

    public string? PrivateMetadata { get; init; }
}
