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
    private readonly ConcurrentDictionary<string, TeamsUser> _byAadObjectId = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Remembers the MRI a validated activity's sender has for their AAD object id, so their id in
    /// <c>refresh.userIds</c> needs no members lookup (an MRI never changes for a user within a tenant).
    /// </summary>
    public void Learn(string? aadObjectId, string? mri, string? name)
    {
        if (Guid.TryParse(aadObjectId, out _) && IsMri(mri))
        {
            _byAadObjectId[aadObjectId!] = new TeamsUser(mri!, string.IsNullOrWhiteSpace(name) ? null : name);
        }
    }

    public Task<string?> FindEmailAsync(Uri serviceUrl, string conversationId, string userId, CancellationToken cancellationToken) =>
        FindEmailAsync(serviceUrl, conversationId, userId, null, cancellationToken);

    /// <summary>
    /// The email of a member of the conversation; when <paramref name="aadObjectId"/> is given, only if the Connector's
    /// answer is that same AAD user (the email then identifies who Teams vouched for, in the activity's tenant).
    /// </summary>
    public async Task<string?> FindEmailAsync(Uri serviceUrl, string conversationId, string userId, string? aadObjectId, CancellationToken cancellationToken)
    {
        var member = await FindAsync(serviceUrl, conversationId, userId, cancellationToken).ConfigureAwait(false);
        if (member is null || (aadObjectId is not null && !string.Equals(member.AadObjectId, aadObjectId, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        return member.Email ?? member.UserPrincipalName;
    }

    /// <summary>
    /// The user's MRI (<c>29:…</c>, what Teams matches <c>refresh.userIds</c> against) for an AAD object id: learnt
    /// from their own activities, else from the members API. The id itself when it already is an MRI; null when it
    /// cannot be resolved (the user is not in the conversation, or the lookup failed).
    /// </summary>
    public async Task<TeamsUser?> FindUserAsync(Uri serviceUrl, string conversationId, string userId, CancellationToken cancellationToken)
    {
        if (IsMri(userId))
        {
            return new TeamsUser(userId, null);
        }

        if (!Guid.TryParse(userId, out _))
        {
            return null;
        }

        if (_byAadObjectId.TryGetValue(userId, out var learnt))
        {
            return learnt;
        }

        var member = await FindAsync(serviceUrl, conversationId, userId, cancellationToken).ConfigureAwait(false);
        return IsMri(member?.Id) ? new TeamsUser(member!.Id!, string.IsNullOrWhiteSpace(member.Name) ? null : member.Name) : null;
    }

    /// <summary>A Teams user id as the Connector gives it: <c>29:</c> followed by the user's opaque id.</summary>
    public static bool IsMri(string? id) => id is { Length: > 3 } && id.StartsWith("29:", StringComparison.Ordinal);

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
            Log.MemberLookupFailed(logger, userId, ex);
            return null;
        }
    }
}

/// <summary>A Teams user as a conversation knows them: their MRI and, when Teams said, their display name.</summary>
internal sealed record TeamsUser(string Mri, string? Name);
