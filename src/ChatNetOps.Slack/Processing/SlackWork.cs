namespace ChatNetOps.Slack.Processing;

using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ChatNetOps.Conversation.Messages;
using ChatNetOps.Slack.BlockKit;
using ChatNetOps.Slack.Inbound;
using ChatNetOps.Slack.Inbound.Wire;

/// <summary>
/// Something Slack sent that was acknowledged and is processed off the request, as it is kept in the durable
/// <see cref="Core.Queues.IChatWorkQueue"/> between the two (<see cref="SlackWorkJsonContext"/>), plus the replies of
/// processed work still waiting for their channel's pace (<see cref="Delivery"/>).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(Command), "slash_command")]
[JsonDerivedType(typeof(ButtonPress), "block_actions")]
[JsonDerivedType(typeof(FormSubmitted), "view_submission")]
[JsonDerivedType(typeof(FormGone), "form_gone")]
[JsonDerivedType(typeof(Message), "event")]
[JsonDerivedType(typeof(Delivery), "delivery")]
internal abstract record SlackWork
{
    /// <summary>What it is, for logs and the queue's triage field.</summary>
    [JsonIgnore]
    public abstract string Kind { get; }

    [JsonIgnore]
    public abstract string UserId { get; }

    public sealed record Command(SlashCommand Slash) : SlackWork
    {
        [JsonIgnore]
        public override string Kind => "slash_command";

        [JsonIgnore]
        public override string UserId => Slash.UserId;
    }

    public sealed record ButtonPress(InteractionPayload Payload, InteractionAction Action) : SlackWork
    {
        [JsonIgnore]
        public override string Kind => "block_actions";

        [JsonIgnore]
        public override string UserId => Payload.User?.Id ?? string.Empty;
    }

    public sealed record FormSubmitted(InteractionPayload Payload, CardForm Form, FormMetadata Metadata, JsonObject Values) : SlackWork
    {
        [JsonIgnore]
        public override string Kind => "view_submission";

        [JsonIgnore]
        public override string UserId => Payload.User?.Id ?? string.Empty;
    }

    public sealed record FormGone(InteractionPayload Payload, FormMetadata Metadata) : SlackWork
    {
        [JsonIgnore]
        public override string Kind => "view_submission";

        [JsonIgnore]
        public override string UserId => Payload.User?.Id ?? string.Empty;
    }

    public sealed record Message(SlackEvent Event) : SlackWork
    {
        [JsonIgnore]
        public override string Kind => "event:" + Event.Type;

        [JsonIgnore]
        public override string UserId => Event.User ?? string.Empty;
    }

    /// <summary>
    /// Replies the dialog already decided (and audited) that could not be sent at once because their channel was at its
    /// pace: sent by whichever replica takes this up, without running the dialog again.
    /// </summary>
    public sealed record Delivery(IReadOnlyList<OutboundMessage> Messages, ReplyAddress Reply) : SlackWork
    {
        [JsonIgnore]
        public override string Kind => "delivery";

        [JsonIgnore]
        public override string UserId => Reply.UserId;
    }
}
