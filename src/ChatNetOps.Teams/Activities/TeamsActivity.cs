namespace ChatNetOps.Teams.Activities;

using System.Text.Json.Nodes;

/// <summary>A Bot Framework activity as Teams sends and receives it (only the fields this bot reads or writes).</summary>
internal sealed record TeamsActivity
{
    public string? Type { get; init; }

    public string? Id { get; init; }

    public string? Name { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public string? ServiceUrl { get; init; }

    public string? ChannelId { get; init; }

    public ChannelAccount? From { get; init; }

    public ConversationAccount? Conversation { get; init; }

    public ChannelAccount? Recipient { get; init; }

    public string? Text { get; init; }

    public string? TextFormat { get; init; }

    public string? Summary { get; init; }

    public string? Locale { get; init; }

    /// <summary>Action.Submit data (message) or the invoke payload (invoke).</summary>
    public JsonNode? Value { get; init; }

    public string? ReplyToId { get; init; }

    /// <summary><c>installationUpdate</c>: <c>add</c> or <c>remove</c> (with <c>-upgrade</c> variants).</summary>
    public string? Action { get; init; }

    public IReadOnlyList<ChannelAccount>? MembersAdded { get; init; }

    public IReadOnlyList<Attachment>? Attachments { get; init; }

    public IReadOnlyList<Entity>? Entities { get; init; }

    public TeamsChannelData? ChannelData { get; init; }
}
