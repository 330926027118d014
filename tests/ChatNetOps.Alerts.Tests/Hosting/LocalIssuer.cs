namespace ChatNetOps.Alerts.Tests.Hosting;

using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

/// <summary>
/// A stand-in for the Entra ID tenant: an RSA key published as the tenant's OpenID configuration and used to sign
/// access tokens shaped as Entra ID issues them to the "AZNS AAD Webhook" principal (v2 issuer
/// <c>https://login.microsoftonline.com/{tenant}/v2.0</c>, <c>aud</c>, <c>azp</c>/<c>appid</c>, <c>roles</c>; see
/// MS Learn "Microsoft identity platform access tokens" and action-groups.md §Secure webhook).
/// </summary>
public sealed class LocalIssuer
{
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "local-key-1" };

    public LocalIssuer(string tenantId)
    {
        TenantId = tenantId;
        var configuration = new OpenIdConnectConfiguration { Issuer = IssuerV2 };
        configuration.SigningKeys.Add(_key);
        Configuration = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
    }

    public string TenantId { get; }

    public string IssuerV2 => $"https://login.microsoftonline.com/{TenantId}/v2.0";

    public StaticConfigurationManager<OpenIdConnectConfiguration> Configuration { get; }

    public string Token(
        DateTimeOffset now,
        string audience,
        string? issuer = null,
        string clientId = "461e8683-5575-4561-ac7f-899cc907d62a",
        string[]? roles = null,
        TimeSpan? lifetime = null,
        SecurityKey? signWith = null)
    {
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["azp"] = clientId,
            ["tid"] = TenantId,
            ["roles"] = roles ?? ["ActionGroupsSecureWebhook"],
            ["ver"] = "2.0",
        };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? IssuerV2,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime.AddMinutes(-1),
            Expires = (now + (lifetime ?? TimeSpan.FromHours(1))).UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(signWith ?? _key, SecurityAlgorithms.RsaSha256),
        });
    }
}
