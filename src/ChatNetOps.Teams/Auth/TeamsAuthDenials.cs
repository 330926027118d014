namespace ChatNetOps.Teams.Auth;

using ChatNetOps.Core.Audit;
using ChatNetOps.Core.Policy;
using ChatNetOps.Core.Requests;
using ChatNetOps.Teams.Activities;
using Microsoft.Extensions.Logging;

/// <summary>
/// Records a refused POST to /api/messages in the audit trail (kind Denied, action=teams-auth, reason) before the
/// 401 is sent. The identity in it is only what the unverified body claimed, and is marked so. Refusals are counted
/// per source and reason by <see cref="InboundRefusals"/>: the first of each minute are recorded in full, the rest
/// in one summary event per minute.
/// </summary>
internal sealed partial class TeamsAuthDenials(IAuditLog audit, InboundRefusals refusals, ILogger<TeamsAuthDenials> logger)
{
    public const string Action = "teams-auth";

    /// <summary>Counts a refusal; true when it is to be recorded in full with <see cref="RecordAsync"/>.</summary>
    public bool Admit(string reason, string? remoteAddress) => refusals.Admit(ChatPlatform.Teams, Action, remoteAddress, reason);

    public async Task RecordAsync(string reason, TeamsActivity? claimed, string? remoteAddress, CancellationToken cancellationToken)
    {
        Log.Refused(logger, reason, remoteAddress ?? "unknown", claimed?.ChannelId ?? "unknown");
        var userId = claimed?.From?.AadObjectId ?? claimed?.From?.Id ?? "unknown";
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["action"] = Action,
            ["reason"] = reason,
            ["identity"] = "claimed, not verified",
        };
        if (remoteAddress is not null)
        {
            details["remote"] = remoteAddress;
        }

        if (claimed?.ChannelId is { } channel)
        {
            details["channelId"] = Truncate(channel);
        }

        if (claimed?.ServiceUrl is { } serviceUrl)
        {
            details["serviceUrl"] = Truncate(serviceUrl);
        }

        if (claimed?.Conversation?.Id is { } conversation)
        {
            details["conversation"] = Truncate(conversation);
        }

        var entry = new AuditEntry(AuditKind.Denied, new Actor(ChatPlatform.Teams, Truncate(userId), Truncate(claimed?.From?.Name ?? "unauthenticated")))
        {
            Details = details,
        };
        await audit.AppendAsync(entry, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the summaries of minutes that are over (cheap when there are none).</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => refusals.FlushAsync(cancellationToken);

    private static string Truncate(string value) => value.Length <= 200 ? value : value[..200];
}
