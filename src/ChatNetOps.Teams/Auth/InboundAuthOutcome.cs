namespace ChatNetOps.Teams.Auth;

using System.Security.Claims;

/// <summary>What the Authorization header (or its absence) established about a request to /api/messages.</summary>
internal abstract record InboundAuthOutcome
{
    private InboundAuthOutcome()
    {
    }

    /// <summary>
    /// A Bot Connector token passed issuer, audience, lifetime, algorithm and signature checks; <paramref name="Endorsements"/>
    /// are the channel ids its signing key is endorsed for (null when the key carries none).
    /// </summary>
    public sealed record TokenValidated(ClaimsPrincipal Principal, IReadOnlySet<string>? Endorsements) : InboundAuthOutcome;

    /// <summary>No app id is configured, the host runs in Development and the caller is on loopback.</summary>
    public sealed record LocalDevelopment : InboundAuthOutcome;

    /// <summary>Refused: the reason is stable text for the audit trail (never token contents).</summary>
    public sealed record Refused(string Reason) : InboundAuthOutcome;
}
