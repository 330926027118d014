namespace ChatNetOps.Slack.Inbound.Wire;

/// <summary>The immediate (≤ 3 s) answer to a slash command.</summary>
internal sealed record SlashCommandResponse(string Text)
{
    public string ResponseType { get; init; } = "ephemeral";
}
