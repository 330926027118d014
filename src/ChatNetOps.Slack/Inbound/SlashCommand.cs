namespace ChatNetOps.Slack.Inbound;

using System.Text.Json;

/// <summary>A slash command invocation (form fields over HTTP, a JSON object over Socket Mode).</summary>
internal sealed record SlashCommand(string Command, string Text, string UserId, string ChannelId)
{
    public string? UserName { get; init; }

    public string? ChannelName { get; init; }

    public string? TeamId { get; init; }

    public string? ResponseUrl { get; init; }

    public string? TriggerId { get; init; }

    /// <summary>Reads the fields Slack sends; null when a required one is missing.</summary>
    public static SlashCommand? From(Func<string, string?> field)
    {
        var command = field("command");
        var user = field("user_id");
        var channel = field("channel_id");
        if (string.IsNullOrEmpty(command) || string.IsNullOrEmpty(user) || string.IsNullOrEmpty(channel))
        {
            return null;
        }

        return new SlashCommand(command, field("text") ?? string.Empty, user, channel)
        {
            UserName = field("user_name"),
            ChannelName = field("channel_name"),
            TeamId = field("team_id"),
            ResponseUrl = field("response_url"),
            TriggerId = field("trigger_id"),
        };
    }

    public static SlashCommand? From(JsonElement payload) =>
        payload.ValueKind == JsonValueKind.Object
            ? From(name => payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null)
            : null;
}
