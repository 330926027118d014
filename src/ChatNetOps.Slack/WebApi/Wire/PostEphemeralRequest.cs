namespace ChatNetOps.Slack.WebApi.Wire;

using ChatNetOps.Slack.BlockKit.Blocks;

/// <summary>chat.postEphemeral: visible only to <see cref="User"/> in <see cref="Channel"/>.</summary>
internal sealed record PostEphemeralRequest(string Channel, string User, string Text, IReadOnlyList<Block> Blocks)
{
    public string? ThreadTs { get; init; }
}
