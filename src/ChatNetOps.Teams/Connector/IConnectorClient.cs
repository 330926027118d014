namespace ChatNetOps.Teams.Connector;

using ChatNetOps.Teams.Activities;

/// <summary>The Bot Connector REST API (v3) at a serviceUrl that arrived in a validated activity.</summary>
internal interface IConnectorClient
{
    /// <summary><c>POST v3/conversations/{id}/activities</c>, or <c>…/activities/{replyToId}</c> when the activity replies to one.</summary>
    Task<ResourceResponse> SendAsync(Uri serviceUrl, string conversationId, TeamsActivity activity, CancellationToken cancellationToken);

    /// <summary><c>PUT v3/conversations/{id}/activities/{activityId}</c>: replaces the message for everyone.</summary>
    Task<ResourceResponse> UpdateAsync(Uri serviceUrl, string conversationId, string activityId, TeamsActivity activity, CancellationToken cancellationToken);

    /// <summary><c>POST v3/conversations</c>: a 1:1 chat, or a new thread in a channel.</summary>
    Task<ConversationResourceResponse> CreateConversationAsync(Uri serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken);

    /// <summary><c>GET v3/conversations/{id}/members/{userId}</c>; null when the member is not found.</summary>
    Task<ChannelAccount?> GetMemberAsync(Uri serviceUrl, string conversationId, string userId, CancellationToken cancellationToken);

    /// <summary><c>GET v3/conversations/{id}/pagedmembers</c>, all pages.</summary>
    Task<IReadOnlyList<ChannelAccount>> GetMembersAsync(Uri serviceUrl, string conversationId, CancellationToken cancellationToken);
}
