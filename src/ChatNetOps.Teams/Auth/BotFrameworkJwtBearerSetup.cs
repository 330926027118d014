namespace ChatNetOps.Teams.Auth;

using ChatNetOps.Teams.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

/// <summary>
/// Configures the <see cref="TeamsAuthDefaults.Scheme"/> JwtBearer scheme as the Bot Connector requires: issuer
/// <c>https://api.botframework.com</c>, audience = MicrosoftAppId, signed (RS256/384/512 only) by a key from the
/// Connector's OpenID metadata (<see cref="BotConnectorKeys"/>, read again first when the token names an unknown key),
/// lifetime checked with 5 minutes of skew. The serviceurl and endorsement checks need the activity and happen in
/// <see cref="InboundAuthenticator"/>.
/// </summary>
internal sealed class BotFrameworkJwtBearerSetup(IOptions<TeamsOptions> teams, BotConnectorKeys keys) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name == TeamsAuthDefaults.Scheme)
        {
            Configure(options);
        }
    }

    public void Configure(JwtBearerOptions options)
    {
        var settings = teams.Value;
        options.MapInboundClaims = false;
        options.RequireHttpsMetadata = true;
        options.IncludeErrorDetails = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = settings.TokenIssuer,
            ValidateAudience = true,
            ValidAudience = settings.MicrosoftAppId,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TeamsAuthDefaults.ClockSkew,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ValidAlgorithms = TeamsAuthDefaults.Algorithms,
            TryAllIssuerSigningKeys = false,
            IssuerSigningKeyResolver = (_, _, kid, _) =>
                kid is not null && keys.Current is { } configuration && BotConnectorKeys.FindKey(configuration, kid) is { } key ? [key] : [],
        };
        options.Events = new JwtBearerEvents
        {
            OnMessageReceived = async context =>
            {
                // Only /api/messages carries Bot Framework tokens. This scheme is the host's only one, so ASP.NET Core runs
                // it on every request: a Bearer token meant for another endpoint (Alertmanager's on /api/alerts/*) must
                // not make it read Bot Connector keys, or fail that request when they cannot be read.
                if (!context.Request.Path.StartsWithSegments("/api/messages", StringComparison.OrdinalIgnoreCase))
                {
                    context.NoResult();
                    return;
                }

                // Refresh the keys before validation when the token names a kid we do not know (key rollover).
                var header = context.Request.Headers.Authorization.ToString();
                var parts = header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length != 2 || !parts[0].Equals("Bearer", StringComparison.OrdinalIgnoreCase))
                {
                    context.NoResult();
                    return;
                }

                context.Token = parts[1];
                string? kid = null;
                try
                {
                    kid = new JsonWebToken(parts[1]).Kid;
                }
                catch (ArgumentException)
                {
                    // Malformed: validation will refuse it.
                }

                await keys.EnsureAsync(kid, context.HttpContext.RequestAborted).ConfigureAwait(false);
            },
            OnTokenValidated = context =>
            {
                // The endorsements of the very key that signed the token, read from the keys it was validated against.
                context.HttpContext.Items[TeamsAuthDefaults.EndorsementsItem] =
                    context.SecurityToken is JsonWebToken { Kid: { } kid } && keys.Current is { } configuration
                        ? BotConnectorKeys.Endorsements(configuration, kid)
                        : null;
                return Task.CompletedTask;
            },
        };
    }
}
