namespace ChatNetOps.Slack.WebApi.Wire;

using ChatNetOps.Slack.BlockKit.Blocks;

/// <summary>chat.postMessage.</summary>
internal sealed record PostMessageRequest(string Channel, string Text, IReadOnlyList<Block> Blocks)
{
    public string? ThreadTs { get; init; }

    public bool UnfurlLinks { get; init; }

    public bool UnfurlMedia { get; init; }
}
