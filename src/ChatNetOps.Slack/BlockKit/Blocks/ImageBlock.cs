namespace ChatNetOps.Slack.BlockKit.Blocks;

/// <summary>An image by URL (≤ 3,000 characters) with alt text (≤ 2,000).</summary>
internal sealed record ImageBlock(string ImageUrl, string AltText) : Block
{
    public TextObject? Title { get; init; }
}
