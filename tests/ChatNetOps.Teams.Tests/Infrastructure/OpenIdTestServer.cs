namespace ChatNetOps.Teams.Tests.Infrastructure;

using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

/// <summary>
/// A Bot Connector stand-in for inbound auth: OpenID metadata and a JWKS (with endorsements) served by Kestrel on
/// 127.0.0.1, and tokens signed with its test keys.
/// </summary>
public sealed class OpenIdTestServer : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.com";

    private readonly WebApplication _app;
    private readonly List<TestKey> _published = [];

    private OpenIdTestServer(WebApplication app) => _app = app;

    public Uri MetadataUrl { get; private set; } = null!;

    public int MetadataReads { get; private set; }

    public static async Task<OpenIdTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new OpenIdTestServer(app);
        app.MapGet("/v1/.well-known/openidconfiguration", (HttpContext context) =>
        {
            server.MetadataReads++;
            var baseUrl = $"{context.Request.Scheme}://{context.Request.Host}";
            return Results.Text(new JsonObject { ["issuer"] = Issuer, ["jwks_uri"] = baseUrl + "/v1/.well-known/keys", ["id_token_signing_alg_values_supported"] = new JsonArray("RS256") }.ToJsonString(), "application/json");
        });
        app.MapGet("/v1/.well-known/keys", () => Results.Text(server.KeysDocument(), "application/json"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.MetadataUrl = new Uri(address.TrimEnd('/') + "/v1/.well-known/openidconfiguration");
        return server;
    }

    /// <summary>A new RSA key; published in the JWKS unless <paramref name="publish"/> is false.</summary>
    public TestKey AddKey(string kid, bool publish = true, params string[] endorsements)
    {
        var key = new TestKey(kid, RSA.Create(2048), endorsements);
        if (publish)
        {
            lock (_published)
            {
                _published.Add(key);
            }
        }

        return key;
    }

    public void Publish(TestKey key)
    {
        lock (_published)
        {
            _published.Add(key);
        }
    }

    public static string CreateToken(TestKey key, string audience, string? serviceUrl, string issuer = Issuer, DateTimeOffset? expires = null, string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var expiry = expires ?? TimeProvider.System.GetUtcNow().AddMinutes(30);
        var claims = new Dictionary<string, object> { ["appid"] = "testchannel" };
        if (serviceUrl is not null)
        {
            claims["serviceurl"] = serviceUrl;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expiry.AddHours(-1).UtcDateTime,
            NotBefore = expiry.AddHours(-1).UtcDateTime,
            Expires = expiry.UtcDateTime,
            Claims = claims,
            Subject = new ClaimsIdentity(),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key.Rsa) { KeyId = key.Kid }, algorithm),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        lock (_published)
        {
            foreach (var key in _published)
            {
                key.Rsa.Dispose();
            }
        }
    }

    private string KeysDocument()
    {
        var keys = new JsonArray();
        lock (_published)
        {
            foreach (var key in _published)
            {
                var p = key.Rsa.ExportParameters(false);
                var jwk = new JsonObject
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["kid"] = key.Kid,
                    ["n"] = Base64UrlEncoder.Encode(p.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                };
                if (key.Endorsements.Length > 0)
                {
                    jwk["endorsements"] = new JsonArray([.. key.Endorsements.Select(e => (JsonNode?)JsonValue.Create(e))]);
                }

                keys.Add(jwk);
            }
        }

        return new JsonObject { ["keys"] = keys }.ToJsonString();
    }
}
