namespace ChatNetOps.Slack.Inbound.Wire;

/// <summary>The chosen option of a select.</summary>
internal sealed record SelectedOption(string Value);
