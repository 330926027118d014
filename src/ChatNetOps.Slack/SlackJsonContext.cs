namespace ChatNetOps.Slack;

using System.Text.Json.Serialization;
using ChatNetOps.Slack.BlockKit;
using ChatNetOps.Slack.Inbound.Wire;
using ChatNetOps.Slack.WebApi.Wire;

/// <summary>Source-generated (de)serialisation of every Slack wire type, and of the forms kept in the chat state store: snake_case, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(SlackApiResponse))]
[JsonSerializable(typeof(PostMessageRequest))]
[JsonSerializable(typeof(UpdateMessageRequest))]
[JsonSerializable(typeof(PostEphemeralRequest))]
[JsonSerializable(typeof(MessageResponse))]
[JsonSerializable(typeof(EphemeralResponse))]
[JsonSerializable(typeof(OpenViewRequest))]
[JsonSerializable(typeof(ViewResponse))]
[JsonSerializable(typeof(UserInfoResponse))]
[JsonSerializable(typeof(ConversationInfoResponse))]
[JsonSerializable(typeof(ConnectionsOpenResponse))]
[JsonSerializable(typeof(UploadUrlResponse))]
[JsonSerializable(typeof(ResponseUrlMessage))]
[JsonSerializable(typeof(SlackMessage))]
[JsonSerializable(typeof(ModalView))]
[JsonSerializable(typeof(InteractionPayload))]
[JsonSerializable(typeof(EventEnvelope))]
[JsonSerializable(typeof(SlashCommandResponse))]
[JsonSerializable(typeof(UrlVerificationResponse))]
[JsonSerializable(typeof(ViewSubmissionErrors))]
[JsonSerializable(typeof(FormMetadata))]
[JsonSerializable(typeof(CardForm))]
[JsonSerializable(typeof(SocketMode.SocketEnvelope))]
[JsonSerializable(typeof(SocketMode.SocketAck))]
internal sealed partial class SlackJsonContext : JsonSerializerContext;
