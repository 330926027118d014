namespace ChatNetOps.Slack.Processing;

using System.Text.Json.Nodes;
using ChatNetOps.Slack.BlockKit;
using ChatNetOps.Slack.Inbound;
using ChatNetOps.Slack.Inbound.Wire;

/// <summary>Something Slack sent that was acknowledged and is processed off the request.</summary>
internal abstract record SlackWork(string Kind, string UserId)
{
    public sealed record Command(SlashCommand Slash) : SlackWork("slash_command", Slash.UserId);

    public sealed record ButtonPress(InteractionPayload Payload, InteractionAction Action) : SlackWork("block_actions", Payload.User?.Id ?? string.Empty);

    public sealed record FormSubmitted(InteractionPayload Payload, CardForm Form, FormMetadata Metadata, JsonObject Values) : SlackWork("view_submission", Payload.User?.Id ?? string.Empty);

    public sealed record FormGone(InteractionPayload Payload, FormMetadata Metadata) : SlackWork("view_submission", Payload.User?.Id ?? string.Empty);

    public sealed record Message(SlackEvent Event) : SlackWork("event:" + Event.Type, Event.User ?? string.Empty);
}
