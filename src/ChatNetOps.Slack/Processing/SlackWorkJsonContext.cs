namespace ChatNetOps.Slack.Processing;

using System.Text.Json.Serialization;

/// <summary>
/// The body of a Slack <see cref="Core.Queues.ChatWorkMessage"/>: <see cref="SlackWork"/> with its <c>kind</c>, Slack's
/// own payload types in Slack's snake_case, nulls omitted.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(SlackWork))]
internal sealed partial class SlackWorkJsonContext : JsonSerializerContext;
