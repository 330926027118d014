namespace ChatNetOps.Slack.BlockKit;

/// <summary>A card rendered for Slack: the message, and the forms its buttons open.</summary>
/// <param name="IsFormOnly">Every action of the card needs its inputs: with a fresh trigger_id, open the form instead of posting.</param>
internal sealed record BlockKitRendering(SlackMessage Message, IReadOnlyList<CardForm> Forms, bool IsFormOnly);
