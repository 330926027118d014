namespace ChatNetOps.Teams.Activities;

using System.Text.Json.Serialization;
using ChatNetOps.Teams.Connector;
using ChatNetOps.Teams.Invoke;

/// <summary>Source-generated JSON for every Bot Framework wire type: camelCase, nulls omitted, unknown fields ignored.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(TeamsActivity))]
[JsonSerializable(typeof(ResourceResponse))]
[JsonSerializable(typeof(ConversationParameters))]
[JsonSerializable(typeof(ConversationResourceResponse))]
[JsonSerializable(typeof(PagedMembersResult))]
[JsonSerializable(typeof(ChannelAccount))]
[JsonSerializable(typeof(IReadOnlyList<ChannelAccount>))]
[JsonSerializable(typeof(AdaptiveCardInvokeResponse))]
internal sealed partial class TeamsJsonContext : JsonSerializerContext;
