namespace ChatNetOps.Teams.Tests.Auth;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Core.Audit;
using ChatNetOps.Teams.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

/// <summary>POST /api/messages with tokens as the Bot Connector signs them, and every way one can be wrong.</summary>
public sealed class InboundAuthTests(AuthFixture fixture) : IClassFixture<AuthFixture>
{
    private Uri ServiceUrl => fixture.Connector.ServiceUrl;

    [Fact]
    public async Task ValidToken_IsAccepted_AndTheAnswerGoesToTheServiceUrlWithABotToken()
    {
        var activity = Activities.PersonalMessage(ServiceUrl, "help");
        var response = await PostAsync(activity, Token(fixture.TeamsKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var conversation = activity["conversation"]!["id"]!.GetValue<string>();
        var sent = await fixture.Connector.WaitForAsync(c => c.Method == "POST" && c.Path.Contains(conversation, StringComparison.Ordinal));
        Assert.Equal("Bearer test-bot-token", sent.Authorization);
        Assert.Contains("help", sent.CardText + sent.Summary, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task NoAuthorizationHeader_Returns401()
    {
        var response = await PostAsync(Activities.PersonalMessage(ServiceUrl, "help"), token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task NonBearerScheme_Returns401()
    {
        using var client = fixture.Bot.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(Activities.PersonalMessage(ServiceUrl, "help")) };
        request.Headers.TryAddWithoutValidation("Authorization", "Basic " + Token(fixture.TeamsKey));
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task WrongAudience_Returns401()
    {
        var token = OpenIdTestServer.CreateToken(fixture.TeamsKey, "99999999-2222-3333-4444-555555555555", ServiceUrl.AbsoluteUri);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(Activities.PersonalMessage(ServiceUrl, "help"), token)).StatusCode);
    }

    [Fact]
    public async Task WrongIssuer_Returns401()
    {
        var token = OpenIdTestServer.CreateToken(fixture.TeamsKey, TeamsBotFactory.AppId, ServiceUrl.AbsoluteUri, issuer: "https://sts.windows.net/attacker/");
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(Activities.PersonalMessage(ServiceUrl, "help"), token)).StatusCode);
    }

    [Fact]
    public async Task ExpiredBeyondFiveMinutesOfSkew_Returns401()
    {
        var token = OpenIdTestServer.CreateToken(fixture.TeamsKey, TeamsBotFactory.AppId, ServiceUrl.AbsoluteUri, expires: TimeProvider.System.GetUtcNow().AddMinutes(-6));
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(Activities.PersonalMessage(ServiceUrl, "help"), token)).StatusCode);
    }

    [Fact]
    public async Task ExpiredWithinFiveMinutesOfSkew_IsAccepted()
    {
        var token = OpenIdTestServer.CreateToken(fixture.TeamsKey, TeamsBotFactory.AppId, ServiceUrl.AbsoluteUri, expires: TimeProvider.System.GetUtcNow().AddMinutes(-3));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Activities.PersonalMessage(ServiceUrl, "help"), token)).StatusCode);
    }

    [Fact]
    public async Task UnknownKid_Returns401()
    {
        var stranger = fixture.OpenId.AddKey("key-never-published", publish: false, "msteams");
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(Activities.PersonalMessage(ServiceUrl, "help"), Token(stranger))).StatusCode);
    }

    [Fact]
    public async Task SigningKeyWithoutEndorsements_Returns401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(Activities.PersonalMessage(ServiceUrl, "help"), Token(fixture.UnendorsedKey))).StatusCode);
    }

    [Fact]
    public async Task SigningKeyEndorsedForAnotherChannel_Returns401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(Activities.PersonalMessage(ServiceUrl, "help"), Token(fixture.SlackOnlyKey))).StatusCode);
    }

    [Fact]
    public async Task ServiceUrlClaimDifferentFromTheActivity_Returns401()
    {
        var token = OpenIdTestServer.CreateToken(fixture.TeamsKey, TeamsBotFactory.AppId, "https://smba.trafficmanager.net/teams/");
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(Activities.PersonalMessage(ServiceUrl, "help"), token)).StatusCode);
    }

    [Fact]
    public async Task ServiceUrlClaimMissing_Returns401()
    {
        var token = OpenIdTestServer.CreateToken(fixture.TeamsKey, TeamsBotFactory.AppId, serviceUrl: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(Activities.PersonalMessage(ServiceUrl, "help"), token)).StatusCode);
    }

    [Fact]
    public async Task ServiceUrlClaimDiffersOnlyInCaseAndTrailingSlash_IsAccepted()
    {
        var token = OpenIdTestServer.CreateToken(fixture.TeamsKey, TeamsBotFactory.AppId, ServiceUrl.AbsoluteUri.TrimEnd('/').ToUpperInvariant().Replace("HTTP://", "http://", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Activities.PersonalMessage(ServiceUrl, "help"), token)).StatusCode);
    }

    [Fact]
    public async Task AlgorithmOutsideRs256To512_Returns401()
    {
        var token = OpenIdTestServer.CreateToken(fixture.TeamsKey, TeamsBotFactory.AppId, ServiceUrl.AbsoluteUri, algorithm: SecurityAlgorithms.RsaSsaPssSha256);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(Activities.PersonalMessage(ServiceUrl, "help"), token)).StatusCode);
    }

    [Fact]
    public async Task Rs512_IsAccepted()
    {
        var token = OpenIdTestServer.CreateToken(fixture.TeamsKey, TeamsBotFactory.AppId, ServiceUrl.AbsoluteUri, algorithm: SecurityAlgorithms.RsaSha512);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Activities.PersonalMessage(ServiceUrl, "help"), token)).StatusCode);
    }

    [Fact]
    public async Task TamperedBody_TokenForOneServiceUrlCannotCarryAnother()
    {
        var activity = Activities.PersonalMessage(new Uri("https://evil.example/teams/"), "help");
        var response = await PostAsync(activity, Token(fixture.TeamsKey));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(fixture.Connector.Calls, c => c.Path.Contains("evil", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RefusedRequest_IsRecordedAsADeniedAuditEvent()
    {
        var marker = "29:refused-" + Guid.NewGuid().ToString("N")[..8];
        var activity = Activities.PersonalMessage(ServiceUrl, "help", (marker, marker, "Mallory"));
        var token = OpenIdTestServer.CreateToken(fixture.TeamsKey, "99999999-2222-3333-4444-555555555555", ServiceUrl.AbsoluteUri);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(activity, token)).StatusCode);

        var audit = fixture.Bot.Services.GetRequiredService<IAuditLog>();
        var events = new List<AuditEvent>();
        foreach (var partition in await audit.ListPartitionsAsync(CancellationToken.None))
        {
            await foreach (var e in audit.ReadAsync(partition, CancellationToken.None))
            {
                events.Add(e);
            }
        }

        var denial = Assert.Single(events, e => e.Actor.UserId == marker);
        Assert.Equal(AuditKind.Denied, denial.Kind);
        Assert.Equal("teams-auth", denial.Details["action"]);
        Assert.Equal("invalid-token: wrong-audience", denial.Details["reason"]);
    }

    private string Token(TestKey key) => OpenIdTestServer.CreateToken(key, TeamsBotFactory.AppId, ServiceUrl.AbsoluteUri);

    private Task<HttpResponseMessage> PostAsync(JsonObject activity, string? token) => fixture.Bot.PostAsync(activity, token);
}
