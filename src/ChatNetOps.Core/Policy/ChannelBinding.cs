namespace ChatNetOps.Core.Policy;

/// <summary>A standing binding of a conversation to an incident or a change window, from policy.yaml.</summary>
public sealed record ChannelBinding(ChatPlatform Platform, string ConversationId, ChannelKind Kind)
{
    public string? Incident { get; init; }

    public string? ChangeWindow { get; init; }

    public DateTimeOffset? ValidFrom { get; init; }

    public DateTimeOffset? ValidUntil { get; init; }
}
