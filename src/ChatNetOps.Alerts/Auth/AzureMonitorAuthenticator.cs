namespace ChatNetOps.Alerts.Auth;

using ChatNetOps.Core.Alerts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

/// <summary>
/// Azure Monitor's Secure Webhook (action-groups.md §Secure webhook): an Entra ID access token for our app
/// registration, requested by the "AZNS AAD Webhook" principal. Accepted when it is signed (RS256) by a key the
/// tenant publishes (<see cref="SigningKeysKey"/>), issued by the configured tenant (v1 <c>sts.windows.net</c> or v2
/// <c>login.microsoftonline.com/…/v2.0</c>), for <see cref="AzureMonitorOptions.Audience"/>, unexpired (2 minutes of
/// skew), to <see cref="AzureMonitorOptions.ClientId"/> (<c>appid</c> or <c>azp</c>), with the app role
/// <see cref="AzureMonitorOptions.Role"/>. The plain webhook's basic auth is accepted only when configured.
/// </summary>
internal sealed class AzureMonitorAuthenticator(
    IOptions<AlertsOptions> options,
    TimeProvider time,
    [FromKeyedServices(AzureMonitorAuthenticator.SigningKeysKey)] IConfigurationManager<OpenIdConnectConfiguration> signingKeys) : IAlertAuthenticator
{
    /// <summary>The DI key of the tenant's OpenID configuration (its signing keys); tests register a local issuer under it.</summary>
    public const string SigningKeysKey = "alerts-azure-monitor";

    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    public AlertSource Source => AlertSource.AzureMonitor;

    public bool IsConfigured => options.Value.AzureMonitor.IsConfigured;

    public static Uri DefaultMetadataAddress(string tenantId) =>
        new($"https://login.microsoftonline.com/{Uri.EscapeDataString(tenantId)}/v2.0/.well-known/openid-configuration");

    public async Task<AlertAuthResult> CheckHeadersAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value.AzureMonitor;
        var header = request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AlertAuthResult.Refused("no-authorization-header");
        }

        if (!SharedSecret.TrySplitAuthorization(header, out var scheme, out var parameter))
        {
            return AlertAuthResult.Refused("malformed-authorization-header");
        }

        if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return settings.UsesBasicAuth && SharedSecret.BasicMatches(scheme, parameter, settings.Username, settings.Password)
                ? AlertAuthResult.Accepted
                : AlertAuthResult.Refused("bad-credentials");
        }

        if (!scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || !settings.UsesSecureWebhook)
        {
            return AlertAuthResult.Refused("bad-credentials");
        }

        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await signingKeys.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // The tenant's keys cannot be fetched: the token cannot be checked now; the source retries on 503.
            throw new AlertAuthUnavailableException("The Entra ID signing keys could not be read.");
        }

        var tenant = settings.TenantId!;
        var result = await Handler.ValidateTokenAsync(parameter, new TokenValidationParameters
        {
            ValidIssuers = [$"https://login.microsoftonline.com/{tenant}/v2.0", $"https://sts.windows.net/{tenant}/"],
            ValidAudience = settings.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ClockSkew = TimeSpan.FromMinutes(2),
            LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return expires is { } e && e.ToUniversalTime() + parameters.ClockSkew >= now
                    && (notBefore is not { } nb || nb.ToUniversalTime() - parameters.ClockSkew <= now);
            },
        }).ConfigureAwait(false);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
        {
            return AlertAuthResult.Refused("invalid-token");
        }

        var client = token.TryGetPayloadValue<string>("appid", out var appId) ? appId
            : token.TryGetPayloadValue<string>("azp", out var azp) ? azp : null;
        if (!string.Equals(client, settings.ClientId, StringComparison.OrdinalIgnoreCase))
        {
            return AlertAuthResult.Refused("wrong-client");
        }

        var roles = token.Claims.Where(c => c.Type == "roles").Select(c => c.Value);
        return roles.Contains(settings.Role, StringComparer.Ordinal) ? AlertAuthResult.Accepted : AlertAuthResult.Refused("missing-role");
    }

    public AlertAuthResult CheckBody(HttpRequest request, byte[] body) => AlertAuthResult.Accepted;
}
