namespace ChatNetOps.Slack.Tests.EndToEnd;

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Core.Audit;
using ChatNetOps.Slack.Tests.Fakes;

/// <summary>Every request is verified before anything else; what cannot be verified is refused (401) and recorded.</summary>
public sealed class SignatureEndToEndTests
{
    private const string Body = "command=%2Fnetops&text=help&user_id=U0ALICE0001&channel_id=C0INC1001&response_url=https%3A%2F%2Fhooks.slack.com%2Fx";

    [Fact]
    public async Task ForgedSignature_Is401_AndRecordedAsADenial()
    {
        await using var host = await SlackHost.StartAsync();
        var now = SignedRequests.Now();

        using var response = await host.Client.SendAsync(SignedRequests.Post("/slack/commands", Body, "application/x-www-form-urlencoded", now, SignedRequests.Sign("not-the-secret", now, Body)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertDeniedAsync(host, "mismatch", "/slack/commands");
        Assert.Empty(host.Slack.Calls);
    }

    [Fact]
    public async Task MissingSignature_Is401_AndRecorded()
    {
        await using var host = await SlackHost.StartAsync();

        using var response = await host.Client.SendAsync(SignedRequests.Post("/slack/interactions", "payload=%7B%7D", "application/x-www-form-urlencoded", sign: false));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertDeniedAsync(host, "missing", "/slack/interactions");
    }

    [Fact]
    public async Task StaleSignature_CorrectlySignedTenMinutesAgo_Is401_AndRecorded()
    {
        await using var host = await SlackHost.StartAsync();
        var old = (TimeProvider.System.GetUtcNow() - TimeSpan.FromMinutes(10)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        using var response = await host.Client.SendAsync(SignedRequests.Post("/slack/commands", Body, "application/x-www-form-urlencoded", old));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertDeniedAsync(host, "stale", "/slack/commands");
    }

    [Fact]
    public async Task UrlVerification_Unsigned_IsRefusedWithoutEchoingTheChallenge()
    {
        await using var host = await SlackHost.StartAsync();
        var challenge = new JsonObject { ["token"] = "legacy", ["challenge"] = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", ["type"] = "url_verification" };

        using var response = await host.Client.SendAsync(SignedRequests.Post("/slack/events", challenge.ToJsonString(), "application/json", sign: false));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("3eZbrw1a", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("1", response.Headers.GetValues("X-Slack-No-Retry").Single());
        await AssertDeniedAsync(host, "missing", "/slack/events");
    }

    [Fact]
    public async Task UrlVerification_Signed_EchoesTheChallenge()
    {
        await using var host = await SlackHost.StartAsync();
        var challenge = new JsonObject { ["token"] = "legacy", ["challenge"] = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", ["type"] = "url_verification" };

        using var response = await host.Client.SendAsync(SignedRequests.Event(challenge));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["challenge"]);
    }

    [Fact]
    public async Task SlackEnabledWithoutSigningSecret_StopsStartup_SayingHowToFixIt()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        using var factory = new SlackBotFactory(slack);
        factory.Settings["Slack:SigningSecret"] = string.Empty;

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Slack:SigningSecret is required when the Slack channel is enabled", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Slack__SigningSecret", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task AssertDeniedAsync(SlackHost host, string reason, string path)
    {
        var denied = (await host.Factory.AuditAsync()).Where(e => e.Kind == AuditKind.Denied).ToList();
        var entry = Assert.Single(denied);
        Assert.Equal("slack-signature", entry.Details["action"]);
        Assert.Equal(reason, entry.Details["reason"]);
        Assert.Equal(path, entry.Details["path"]);
        Assert.True(entry.Details.ContainsKey("remoteAddress"));
    }
}
