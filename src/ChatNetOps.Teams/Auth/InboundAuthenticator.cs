namespace ChatNetOps.Teams.Auth;

using System.Net;
using ChatNetOps.Teams.Activities;
using ChatNetOps.Teams.Connector;
using ChatNetOps.Teams.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

/// <summary>
/// Decides whether a POST to /api/messages comes from Teams through the Bot Connector: the JwtBearer scheme first (the
/// Authorization header alone, before the body is read), then the checks that need the activity: it is a Teams
/// activity (<c>channelId</c> exactly <c>msteams</c>, and the signing key endorsed for <c>msteams</c>), the token's
/// <c>serviceurl</c> is the activity's and a host the bot may send its token to (<see cref="ServiceUrlPolicy"/>),
/// and its tenant is allowed (<see cref="TeamsOptions.AllowedTenants"/>). Other Bot Framework channels (Web Chat,
/// Direct Line, …) share the app id and the signing keys but let the client choose <c>from.id</c>: they are refused.
/// With no MicrosoftAppId configured, only Development requests from loopback are accepted.
/// </summary>
internal sealed class InboundAuthenticator(IOptions<TeamsOptions> options, IHostEnvironment environment, ServiceUrlPolicy serviceUrls)
{
    /// <summary>The Bot Framework channel id of Microsoft Teams, the only channel this bot serves.</summary>
    public const string TeamsChannelId = "msteams";

    public async Task<InboundAuthOutcome> AuthenticateAsync(HttpContext context)
    {
        if (!options.Value.AuthenticationEnabled)
        {
            if (!environment.IsDevelopment())
            {
                return new InboundAuthOutcome.Refused("authentication-not-configured");
            }

            return context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address)
                ? new InboundAuthOutcome.LocalDevelopment()
                : new InboundAuthOutcome.Refused("not-loopback");
        }

        if (string.IsNullOrEmpty(context.Request.Headers.Authorization))
        {
            return new InboundAuthOutcome.Refused("no-authorization-header");
        }

        var result = await context.AuthenticateAsync(TeamsAuthDefaults.Scheme).ConfigureAwait(false);
        if (result.Succeeded)
        {
            return new InboundAuthOutcome.TokenValidated(result.Principal, context.Items[TeamsAuthDefaults.EndorsementsItem] as IReadOnlySet<string>);
        }

        return new InboundAuthOutcome.Refused(result.Failure is null ? "malformed-authorization-header" : "invalid-token: " + Describe(result.Failure));
    }

    /// <summary>The checks that bind a validated token to this activity. Returns the refusal reason, or null when it passes.</summary>
    public string? VerifyActivity(InboundAuthOutcome outcome, TeamsActivity activity) => outcome switch
    {
        InboundAuthOutcome.TokenValidated token => VerifyChannel(activity) ?? VerifyEndorsement(token) ?? VerifyServiceUrl(token, activity) ?? VerifyTenant(activity),
        InboundAuthOutcome.LocalDevelopment => VerifyChannel(activity) ?? VerifyLoopbackServiceUrl(activity) ?? VerifyTenant(activity),
        InboundAuthOutcome.Refused refused => refused.Reason,
        _ => "unknown-outcome",
    };

    /// <summary>Only Teams: an empty channelId (which botbuilder lets through the endorsement check) is refused too.</summary>
    private static string? VerifyChannel(TeamsActivity activity) =>
        string.IsNullOrEmpty(activity.ChannelId) ? "channel-missing"
        : string.Equals(activity.ChannelId, TeamsChannelId, StringComparison.Ordinal) ? null
        : "channel-not-msteams";

    private string? VerifyServiceUrl(InboundAuthOutcome.TokenValidated token, TeamsActivity activity)
    {
        if (string.IsNullOrEmpty(activity.ServiceUrl))
        {
            return null;
        }

        var claim = token.Principal.FindFirst(TeamsAuthDefaults.ServiceUrlClaim)?.Value;
        if (string.IsNullOrEmpty(claim))
        {
            return "serviceurl-claim-missing";
        }

        if (!string.Equals(claim.TrimEnd('/'), activity.ServiceUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            return "serviceurl-mismatch";
        }

        return serviceUrls.Check(activity.ServiceUrl);
    }

    /// <summary>The key that signed the token must be endorsed for Teams (the channel itself was checked to be msteams).</summary>
    private static string? VerifyEndorsement(InboundAuthOutcome.TokenValidated token) =>
        token.Endorsements is null ? "signing-key-not-endorsed"
        : token.Endorsements.Contains(TeamsChannelId) ? null
        : "channel-not-endorsed";

    /// <summary>
    /// The tenant Teams names in <c>channelData.tenant.id</c> and <c>conversation.tenantId</c>: at least one is
    /// present, and each present one is allowed (so two that differ cannot both pass).
    /// </summary>
    private string? VerifyTenant(TeamsActivity activity)
    {
        string?[] claimed = [activity.ChannelData?.Tenant?.Id, activity.Conversation?.TenantId];
        var present = claimed.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!.Trim()).ToArray();
        if (present.Length == 0)
        {
            return "tenant-missing";
        }

        if (present.Distinct(StringComparer.OrdinalIgnoreCase).Count() > 1)
        {
            return "tenant-mismatch";
        }

        var allowed = options.Value.EffectiveAllowedTenants;
        return allowed is null || allowed.Contains(present[0]) ? null : "tenant-not-allowed";
    }

    /// <summary>Without authentication the bot must never call out beyond this machine.</summary>
    private static string? VerifyLoopbackServiceUrl(TeamsActivity activity) =>
        string.IsNullOrEmpty(activity.ServiceUrl)
        || (Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var url) && url.IsLoopback && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
            ? null
            : "serviceurl-not-loopback";

    private static string Describe(Exception failure) => failure switch
    {
        Microsoft.IdentityModel.Tokens.SecurityTokenExpiredException => "expired",
        Microsoft.IdentityModel.Tokens.SecurityTokenNotYetValidException => "not-yet-valid",
        Microsoft.IdentityModel.Tokens.SecurityTokenInvalidAudienceException => "wrong-audience",
        Microsoft.IdentityModel.Tokens.SecurityTokenInvalidIssuerException => "wrong-issuer",
        Microsoft.IdentityModel.Tokens.SecurityTokenSignatureKeyNotFoundException => "unknown-signing-key",
        Microsoft.IdentityModel.Tokens.SecurityTokenInvalidAlgorithmException => "algorithm-not-allowed",
        Microsoft.IdentityModel.Tokens.SecurityTokenInvalidSignatureException => "bad-signature",
        Microsoft.IdentityModel.Tokens.SecurityTokenNoExpirationException => "no-expiry",
        Microsoft.IdentityModel.Tokens.SecurityTokenMalformedException => "malformed",
        _ => failure.GetType().Name,
    };
}
