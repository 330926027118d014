namespace ChatNetOps.Teams.Tests.Auth;

using System.Net;
using ChatNetOps.Core.Audit;
using ChatNetOps.Teams.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// A validly signed token whose <c>serviceurl</c> names a host that is not a Teams service host (or plain http, or
/// loopback outside Development) is refused, so the bot never sends its Connector token there.
/// </summary>
public sealed class ServiceUrlTrustTests(AuthFixture fixture) : IClassFixture<AuthFixture>
{
    [Theory]
    [InlineData("https://evil.example/teams/", "serviceurl-host-not-allowed")]
    [InlineData("http://smba.trafficmanager.net/teams/", "serviceurl-not-https")]
    public async Task TokenAndActivityNamingAnotherHost_Returns401(string serviceUrl, string reason)
    {
        var url = new Uri(serviceUrl);
        var activity = Activities.PersonalMessage(url, "help");
        var conversation = "a:1svc-" + Guid.NewGuid().ToString("N")[..10];
        activity["conversation"]!["id"] = conversation;

        var response = await fixture.Bot.PostSignedAsync(activity, fixture.TeamsKey, url);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var audit = fixture.Bot.Services.GetRequiredService<IAuditLog>();
        var denials = new List<AuditEvent>();
        foreach (var partition in await audit.ListPartitionsAsync(CancellationToken.None))
        {
            await foreach (var e in audit.ReadAsync(partition, CancellationToken.None))
            {
                if (e.Details.GetValueOrDefault("conversation") == conversation)
                {
                    denials.Add(e);
                }
            }
        }

        Assert.Equal(reason, Assert.Single(denials).Details["reason"]);
    }

    [Fact]
    public async Task LoopbackServiceUrlOutsideDevelopment_Returns401_AndTheTokenIsNeverSentThere()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = TeamsBotFactory.Authenticated(fixture.OpenId);
        bot.Environment = "Production";

        var response = await bot.PostSignedAsync(Activities.PersonalMessage(connector.ServiceUrl, "help"), fixture.TeamsKey, connector.ServiceUrl);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(connector.Calls);
    }
}
