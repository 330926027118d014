namespace ChatNetOps.Slack.Users;

using System.Collections.Concurrent;
using ChatNetOps.Core.Inventory;
using ChatNetOps.Core.Policy;
using ChatNetOps.Slack.WebApi;
using ChatNetOps.Slack.WebApi.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>
/// Slack user → policy member: by Slack user id first (no API call), else by the email users.info returns (needs the
/// <c>users:read.email</c> scope) — only when Slack says the email is confirmed (<c>is_email_confirmed</c>), the user
/// belongs to a workspace in <see cref="SlackOptions.AllowedTeams"/>, is no bot and not deleted, and only to a member
/// who has no Slack user id in the policy. users.info answers are cached for <see cref="SlackOptions.UserCacheDuration"/>;
/// with no <see cref="SlackOptions.AllowedTeams"/> users.info is never called (no email may identify anyone), and a
/// user unknown by id is named as the payload names them.
/// </summary>
internal sealed class SlackUserDirectory(InventoryCatalog catalog, IUsersApi users, TimeProvider time, IOptions<SlackOptions> options, ILogger<SlackUserDirectory> logger)
{
    private static readonly TimeSpan FailureCacheDuration = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (SlackUser? User, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);

    public async Task<SlackIdentity> ResolveAsync(string userId, string? nameFromPayload, CancellationToken cancellationToken)
    {
        var member = catalog.Policy.FindMember(ChatPlatform.Slack, userId);
        if (member is not null)
        {
            return new SlackIdentity(userId, member.DisplayName, member.Email, member);
        }

        // Without an allowed workspace no email can identify anyone, so users.info (a workspace-wide rate tier) could
        // only supply a display name: a flood of strangers then costs no Web API calls at all.
        if (options.Value.AllowedTeams.Count == 0)
        {
            return new SlackIdentity(userId, NonEmpty(nameFromPayload) ?? userId, null, null);
        }

        var user = await LookUpAsync(userId, cancellationToken);
        var email = VouchedEmail(user);
        member = email is null ? null : catalog.Policy.FindMember(ChatPlatform.Slack, userId, email);
        var name = member?.DisplayName
            ?? NonEmpty(user?.Profile?.DisplayName) ?? NonEmpty(user?.RealName) ?? NonEmpty(user?.Profile?.RealName)
            ?? NonEmpty(nameFromPayload) ?? userId;
        return new SlackIdentity(userId, name, email, member);
    }

    /// <summary>The user's email when it may identify them: confirmed, of an allowed workspace, a person; else null.</summary>
    private string? VouchedEmail(SlackUser? user)
    {
        var email = user?.Profile?.Email;
        if (user is null || string.IsNullOrWhiteSpace(email))
        {
            return null;
        }

        var allowed = options.Value.AllowedTeams;
        if (user.Deleted || user.IsBot || !user.IsEmailConfirmed
            || user.TeamId is null || !allowed.Contains(user.TeamId, StringComparer.Ordinal))
        {
            Log.EmailNotVouched(logger, user.Id, user.TeamId ?? "unknown", user.IsEmailConfirmed);
            return null;
        }

        return email;
    }

    private async Task<SlackUser?> LookUpAsync(string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(userId, out var cached) && cached.Expires > now)
        {
            return cached.User;
        }

        var result = await users.InfoAsync(userId, cancellationToken);
        if (!result.IsOk)
        {
            Log.UserLookupFailed(logger, userId, result.Error ?? "unknown_error");
            _cache[userId] = (null, now + FailureCacheDuration);
            return null;
        }

        var user = result.Value!.User;
        _cache[userId] = (user, now + options.Value.UserCacheDuration);
        return user;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
