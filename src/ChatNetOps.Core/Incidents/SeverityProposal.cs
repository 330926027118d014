namespace ChatNetOps.Core.Incidents;

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ChatNetOps.Core.Requests;

/// <summary>
/// A proposed change of an incident's severity, waiting for confirmation by a member of the role the policy names.
/// <see cref="Hash"/> binds exactly what is confirmed: incident, from, to, who proposed and when.
/// </summary>
public sealed record SeverityProposal(string Id, string Incident, int From, int To, Actor ProposedBy, ConversationRef AskedIn, DateTimeOffset ProposedAt, DateTimeOffset ExpiresAt)
{
    public string Hash => Compute(Incident, From, To, ProposedBy, ProposedAt);

    /// <summary>The confirmation or rejection, once made.</summary>
    public Decision? Decision { get; init; }

    /// <summary>When it expired unconfirmed (no <see cref="Decision"/>); set by the sweeper or by a decision that came too late.</summary>
    public DateTimeOffset? ExpiredAt { get; init; }

    public DecisionSubject Subject => new(DecisionKind.SeverityConfirmation, Id, ProposedBy, AskedIn, ExpiresAt, Hash)
    {
        Title = string.Create(CultureInfo.InvariantCulture, $"severity {To} for {Incident}"),
    };

    /// <summary>The id of a proposal of <paramref name="severity"/> for <paramref name="incident"/>: <c>INC-4242/sev1</c> (its card is kept under it).</summary>
    public static string IdFor(string incident, int severity) => string.Create(CultureInfo.InvariantCulture, $"{incident}/sev{severity}");

    /// <summary>The incident a proposal id (<see cref="IdFor"/>) names; null when <paramref name="id"/> is not one (a request id, say).</summary>
    public static string? IncidentOf(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var slash = id.LastIndexOf("/sev", StringComparison.Ordinal);
        return slash > 0 && id.Length == slash + 5 && id[^1] is >= '1' and <= '5' && IncidentService.IsValidId(id[..slash]) ? id[..slash] : null;
    }

    private static string Compute(string incident, int from, int to, Actor by, DateTimeOffset at)
    {
        var text = string.Join('\n', "severity", incident, from.ToString(CultureInfo.InvariantCulture), to.ToString(CultureInfo.InvariantCulture),
            by.Platform.ToString(), by.UserId, at.UtcTicks.ToString(CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
