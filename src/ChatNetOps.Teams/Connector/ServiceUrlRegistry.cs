namespace ChatNetOps.Teams.Connector;

using System.Collections.Concurrent;

/// <summary>
/// The serviceUrl of each conversation, as carried by the last validated inbound activity. Only URLs that arrived in
/// a validated activity are ever called: the Connector client refuses any other (the bot token never leaves for a
/// host that Teams did not vouch for).
/// </summary>
internal sealed class ServiceUrlRegistry
{
    private readonly ConcurrentDictionary<string, Uri> _byConversation = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _trusted = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Records the serviceUrl of a validated activity for the given conversation keys (channel and thread ids).</summary>
    public Uri? Record(string? serviceUrl, params string?[] conversationIds)
    {
        if (Normalize(serviceUrl) is not { } url)
        {
            return null;
        }

        _trusted[url.AbsoluteUri] = 0;
        foreach (var id in conversationIds)
        {
            if (!string.IsNullOrEmpty(id))
            {
                _byConversation[id] = url;
            }
        }

        return url;
    }

    public Uri? Find(string conversationId) => _byConversation.GetValueOrDefault(conversationId);

    /// <summary>Any trusted serviceUrl (used for proactive posts to a conversation the bot has not heard from since start).</summary>
    public Uri? Any() => _byConversation.Values.FirstOrDefault();

    public bool IsTrusted(Uri serviceUrl) => Normalize(serviceUrl.AbsoluteUri) is { } url && _trusted.ContainsKey(url.AbsoluteUri);

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
}
