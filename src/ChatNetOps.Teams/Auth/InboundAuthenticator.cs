namespace ChatNetOps.Teams.Auth;

using System.Net;
using ChatNetOps.Teams.Activities;
using ChatNetOps.Teams.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

/// <summary>
/// Decides whether a POST to /api/messages comes from the Bot Connector: the JwtBearer scheme first, then the checks
/// that need the activity (the token's <c>serviceurl</c> and the signing key's endorsement for the channel).
/// With no MicrosoftAppId configured, only Development requests from loopback are accepted.
/// </summary>
internal sealed class InboundAuthenticator(IOptions<TeamsOptions> options, IHostEnvironment environment, SigningKeyCache keys)
{
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
            return new InboundAuthOutcome.TokenValidated(result.Principal, context.Items[TeamsAuthDefaults.SigningKeyIdItem] as string);
        }

        return new InboundAuthOutcome.Refused(result.Failure is null ? "malformed-authorization-header" : "invalid-token: " + Describe(result.Failure));
    }

    /// <summary>The checks that bind a validated token to this activity. Returns the refusal reason, or null when it passes.</summary>
    public string? VerifyActivity(InboundAuthOutcome outcome, TeamsActivity activity) => outcome switch
    {
        InboundAuthOutcome.TokenValidated token => VerifyServiceUrl(token, activity) ?? VerifyEndorsement(token, activity),
        InboundAuthOutcome.LocalDevelopment => VerifyLoopbackServiceUrl(activity),
        InboundAuthOutcome.Refused refused => refused.Reason,
        _ => "unknown-outcome",
    };

    private static string? VerifyServiceUrl(InboundAuthOutcome.TokenValidated token, TeamsActivity activity)
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

        return string.Equals(claim.TrimEnd('/'), activity.ServiceUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)
            ? null
            : "serviceurl-mismatch";
    }

    private string? VerifyEndorsement(InboundAuthOutcome.TokenValidated token, TeamsActivity activity)
    {
        if (string.IsNullOrEmpty(activity.ChannelId))
        {
            return null;
        }

        if (token.SigningKeyId is null || !keys.Current.Endorsements.TryGetValue(token.SigningKeyId, out var endorsements))
        {
            return "signing-key-not-endorsed";
        }

        return endorsements.Contains(activity.ChannelId) ? null : "channel-not-endorsed";
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
