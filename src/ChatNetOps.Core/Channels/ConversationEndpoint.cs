namespace ChatNetOps.Core.Channels;

using ChatNetOps.Core.Policy;

/// <summary>
/// Where a chat platform accepts messages for one conversation, as last vouched for by an authenticated inbound
/// activity: for Teams, the Bot Connector <c>serviceUrl</c> a conversation's activities arrive from. Kept so results
/// can reach the conversation after a restart, or from a replica that never heard from it.
/// </summary>
/// <param name="Platform">The chat platform.</param>
/// <param name="ConversationId">The conversation as policy and bindings know it (a Teams channel without its thread suffix).</param>
/// <param name="ServiceUrl">The absolute URL the platform's API is called at for this conversation.</param>
/// <param name="SeenAt">When an authenticated activity last carried <paramref name="ServiceUrl"/>.</param>
public sealed record ConversationEndpoint(ChatPlatform Platform, string ConversationId, string ServiceUrl, DateTimeOffset SeenAt)
{
    /// <summary>The tenant the conversation belongs to, when the platform says.</summary>
    public string? TenantId { get; init; }
}
