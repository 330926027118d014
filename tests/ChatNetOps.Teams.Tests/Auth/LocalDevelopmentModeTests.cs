namespace ChatNetOps.Teams.Tests.Auth;

using System.Net;
using System.Net.Http.Json;
using ChatNetOps.Teams.Tests.Infrastructure;

/// <summary>No MicrosoftAppId: unauthenticated requests only in Development, only from loopback, only with a loopback serviceUrl.</summary>
public sealed class LocalDevelopmentModeTests : IAsyncLifetime
{
    private FakeConnector _connector = null!;

    public async Task InitializeAsync() => _connector = await FakeConnector.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    [Fact]
    public async Task DevelopmentFromLoopback_IsAccepted_AndTheConnectorIsCalledWithoutAToken()
    {
        await using var bot = new TeamsBotFactory { FakeTokens = false, RemoteAddress = IPAddress.Loopback };
        var response = await bot.CreateClient().PostAsJsonAsync("/api/messages", Activities.PersonalMessage(_connector.ServiceUrl, "help"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = await _connector.WaitForAsync(c => c.Method == "POST");
        Assert.Equal(string.Empty, sent.Authorization);
    }

    [Fact]
    public async Task DevelopmentFromAnotherAddress_Returns401()
    {
        await using var bot = new TeamsBotFactory { FakeTokens = false, RemoteAddress = IPAddress.Parse("10.1.2.3") };
        var response = await bot.CreateClient().PostAsJsonAsync("/api/messages", Activities.PersonalMessage(_connector.ServiceUrl, "help"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task DevelopmentWithANonLoopbackServiceUrl_Returns401_AndNothingIsCalled()
    {
        await using var bot = new TeamsBotFactory { FakeTokens = false, RemoteAddress = IPAddress.Loopback };
        var response = await bot.CreateClient().PostAsJsonAsync("/api/messages", Activities.PersonalMessage(new Uri("https://smba.trafficmanager.net/teams/"), "help"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ProductionWithoutAnAppId_Returns401EvenFromLoopback()
    {
        await using var bot = new TeamsBotFactory { FakeTokens = false, RemoteAddress = IPAddress.Loopback, Environment = "Production" };
        var response = await bot.CreateClient().PostAsJsonAsync("/api/messages", Activities.PersonalMessage(_connector.ServiceUrl, "help"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
