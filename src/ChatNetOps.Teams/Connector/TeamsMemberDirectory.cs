namespace ChatNetOps.Teams.Connector;

using System.Collections.Concurrent;
using ChatNetOps.Teams.Activities;
using ChatNetOps.Teams.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>
/// Teams members from the members API (<c>GET v3/conversations/{id}/members/{user}</c>, which takes an MRI or an
/// AAD object id), cached for <see cref="TeamsOptions.MemberCacheLifetime"/>: emails for policy matching, and MRIs
/// for <c>refresh.userIds</c>.
/// </summary>
internal sealed partial class TeamsMemberDirectory(IConnectorClient connector, IOptions<TeamsOptions> options, TimeProvider time, ILogger<TeamsMemberDirectory> logger)
{
    private readonly ConcurrentDictionary<string, (ChannelAccount? Member, DateTimeOffset Until)> _cache = new(StringComparer.OrdinalIgnoreCase);

    public async Task<string?> FindEmailAsync(Uri serviceUrl, string conversationId, string userId, CancellationToken cancellationToken)
    {
        var member = await FindAsync(serviceUrl, conversationId, userId, cancellationToken).ConfigureAwait(false);
        return member?.Email ?? member?.UserPrincipalName;
    }

    /// <summary>The user's MRI (<c>29:…</c>) for an AAD object id; the id itself when it already is one or cannot be resolved.</summary>
    public async Task<string> FindMriAsync(Uri serviceUrl, string conversationId, string userId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(userId, out _))
        {
            return userId;
        }

        var member = await FindAsync(serviceUrl, conversationId, userId, cancellationToken).ConfigureAwait(false);
        return member?.Id ?? userId;
    }

    private async Task<ChannelAccount?> FindAsync(Uri serviceUrl, string conversationId, string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(userId, out var cached) && cached.Until > now)
        {
            return cached.Member;
        }

        try
        {
            var member = await connector.GetMemberAsync(serviceUrl, conversationId, userId, cancellationToken).ConfigureAwait(false);
            _cache[userId] = (member, now + options.Value.MemberCacheLifetime);
            return member;
        }
        catch (Exception ex) when (ex is ConnectorException or HttpRequestException or InvalidOperationException)
        {
            Log.LookupFailed(logger, userId, ex);
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Could not look up Teams member {UserId}")]
        public static partial void LookupFailed(ILogger logger, string userId, Exception exception);
    }
}
