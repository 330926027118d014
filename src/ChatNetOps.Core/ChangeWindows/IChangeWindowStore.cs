namespace ChatNetOps.Core.ChangeWindows;

using ChatNetOps.Core.Policy;

/// <summary>Change windows opened from chat. Every change is a conditional write on <see cref="ChangeWindow.ETag"/>.</summary>
public interface IChangeWindowStore
{
    /// <summary>Creates the window; null when one with that id already exists.</summary>
    Task<ChangeWindow?> TryCreateAsync(ChangeWindow window, CancellationToken cancellationToken);

    Task<ChangeWindow?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Conditional replace; null when the ETag is stale.</summary>
    Task<ChangeWindow?> TryReplaceAsync(ChangeWindow updated, string expectedETag, CancellationToken cancellationToken);

    /// <summary>The most recently opened window bound to this conversation, whatever its state; null when none ever was.</summary>
    Task<ChangeWindow?> FindLatestByConversationAsync(ChatPlatform platform, string conversationId, CancellationToken cancellationToken);

    /// <summary>Windows not recorded closed, oldest start first.</summary>
    Task<IReadOnlyList<ChangeWindow>> ListActiveAsync(CancellationToken cancellationToken);

    /// <summary>The most recently opened windows, closed ones included, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ChangeWindow>> ListRecentAsync(int limit, CancellationToken cancellationToken);
}
