namespace ChatNetOps.Slack.BlockKit;

/// <summary>One choice of a select menu (text ≤ 75, value ≤ 150).</summary>
internal sealed record Option(TextObject Text, string Value);
