namespace ChatNetOps.Teams.Connector;

using System.Collections.Concurrent;
using ChatNetOps.Core.Channels;
using ChatNetOps.Core.Policy;
using ChatNetOps.Teams.Activities;
using Microsoft.Extensions.Logging;

/// <summary>
/// The serviceUrl of each conversation, as carried by the last validated inbound activity, kept in memory and in the
/// <see cref="IConversationEndpointStore"/> so results still reach a conversation after a restart, or from a replica
/// that never heard from it. Only URLs that arrived in a validated activity (here or, through the store, in another
/// process) are ever called, and only when <see cref="ServiceUrlPolicy"/> allows their host (an endpoint stored
/// before the policy changed is not trusted either): the Connector client refuses any other, so the bot token never
/// leaves for a host Teams did not vouch for.
/// </summary>
internal sealed partial class ServiceUrlRegistry(IConversationEndpointStore store, ServiceUrlPolicy policy, TimeProvider time, ILogger<ServiceUrlRegistry> logger)
{
    /// <summary>How often an unchanged endpoint is saved again, so the store's <c>SeenAt</c> stays roughly current.</summary>
    internal static readonly TimeSpan RefreshInterval = TimeSpan.FromDays(1);

    private readonly ConcurrentDictionary<string, Known> _byConversation = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _trusted = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Records the serviceUrl of a validated activity for a conversation (<paramref name="key"/>, the id policy knows)
    /// and the thread it arrived in, and saves it when it is new or changed. A store failure is logged, not thrown:
    /// the activity is still answered, and the next one tries again.
    /// </summary>
    public async Task<Uri?> RecordAsync(string? serviceUrl, string? tenantId, string key, string? replyId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (Normalize(serviceUrl) is not { } url || !policy.IsAllowed(url))
        {
            return null;
        }

        _trusted[url.AbsoluteUri] = 0;
        var now = time.GetUtcNow();
        if (!string.IsNullOrEmpty(replyId) && !string.Equals(replyId, key, StringComparison.Ordinal))
        {
            _byConversation[replyId] = new Known(url, now);
        }

        if (_byConversation.TryGetValue(key, out var known) && known.Url == url)
        {
            if (known.SavedAt is { } saved && now - saved < RefreshInterval)
            {
                return url;
            }
        }
        else
        {
            _byConversation[key] = new Known(url, null);
        }

        try
        {
            await store.SaveAsync(new ConversationEndpoint(ChatPlatform.Teams, key, url.AbsoluteUri, now) { TenantId = tenantId }, cancellationToken).ConfigureAwait(false);
            _byConversation[key] = new Known(url, now);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _byConversation[key] = new Known(url, null);
            Log.SaveFailed(logger, key, ex);
        }

        return url;
    }

    /// <summary>
    /// The serviceUrl for a conversation or one of its threads: from memory, else from the store (which makes it
    /// trusted in this process). Null when no validated activity from the conversation was ever recorded.
    /// </summary>
    public async Task<Uri?> FindAsync(string conversationId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        if (_byConversation.TryGetValue(conversationId, out var known))
        {
            return known.Url;
        }

        var key = TeamsConversation.StripThread(conversationId);
        if (_byConversation.TryGetValue(key, out known))
        {
            return known.Url;
        }

        var stored = await store.GetAsync(ChatPlatform.Teams, key, cancellationToken).ConfigureAwait(false);
        if (stored is null || Normalize(stored.ServiceUrl) is not { } url || !policy.IsAllowed(url))
        {
            return null;
        }

        _trusted[url.AbsoluteUri] = 0;
        _byConversation.TryAdd(key, new Known(url, stored.SeenAt));
        return url;
    }

    public bool IsTrusted(Uri serviceUrl) => Normalize(serviceUrl.AbsoluteUri) is { } url && policy.IsAllowed(url) && _trusted.ContainsKey(url.AbsoluteUri);

    /// <summary>Absolute http(s) URL ending in '/', so relative paths like <c>v3/conversations</c> append to it.</summary>
    public static Uri? Normalize(string? serviceUrl)
    {
        if (string.IsNullOrWhiteSpace(serviceUrl) || !Uri.TryCreate(serviceUrl.Trim(), UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            return null;
        }

        var text = url.GetLeftPart(UriPartial.Path);
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    /// <summary>A conversation's serviceUrl and when the store last got it (null: not saved yet by this process).</summary>
    private readonly record struct Known(Uri Url, DateTimeOffset? SavedAt);
}
