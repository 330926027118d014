namespace ChatNetOps.Core.Channels;

using ChatNetOps.Core.Policy;

/// <summary>
/// The durable map from a conversation to its <see cref="ConversationEndpoint"/>. Adapters write only endpoints that
/// arrived in an authenticated activity (or that they called successfully), so what is read back may be called.
/// </summary>
public interface IConversationEndpointStore
{
    /// <summary>Creates or replaces the endpoint of <see cref="ConversationEndpoint.ConversationId"/> on its platform.</summary>
    Task SaveAsync(ConversationEndpoint endpoint, CancellationToken cancellationToken);

    /// <summary>The endpoint last saved for the conversation, or null when none was.</summary>
    Task<ConversationEndpoint?> GetAsync(ChatPlatform platform, string conversationId, CancellationToken cancellationToken);
}
