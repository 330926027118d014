namespace ChatNetOps.Slack.WebApi.Wire;

using ChatNetOps.Slack.BlockKit;

/// <summary>views.open: the trigger_id is single-use and expires 3 seconds after the interaction.</summary>
internal sealed record OpenViewRequest(string TriggerId, ModalView View);
