namespace ChatNetOps.Core.Incidents;

using ChatNetOps.Core.Policy;

public interface IIncidentStore
{
    /// <summary>Creates the incident; null when one with that id already exists.</summary>
    Task<Incident?> TryCreateAsync(Incident incident, CancellationToken cancellationToken);

    Task<Incident?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Conditional replace; null when the ETag is stale.</summary>
    Task<Incident?> TryReplaceAsync(Incident updated, string expectedETag, CancellationToken cancellationToken);

    /// <summary>The newest open incident this conversation is bound to, if any.</summary>
    Task<Incident?> FindOpenByConversationAsync(ChatPlatform platform, string conversationId, CancellationToken cancellationToken);

    /// <summary>Every open incident this conversation is bound to (a channel can hold several), oldest first.</summary>
    Task<IReadOnlyList<Incident>> ListOpenByConversationAsync(ChatPlatform platform, string conversationId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Incident>> ListOpenAsync(CancellationToken cancellationToken);
}
