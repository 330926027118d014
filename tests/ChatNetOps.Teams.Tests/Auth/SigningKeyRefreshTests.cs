namespace ChatNetOps.Teams.Tests.Auth;

using System.Net;
using ChatNetOps.Teams.Tests.Infrastructure;

/// <summary>
/// When the Bot Connector's signing keys are read: a key rollover is picked up by the first token signed with the new
/// key, forged unknown kids cannot make the bot read the keys more than once per <c>Teams:SigningKeysMinimumRefresh</c>,
/// and a bot that could never read the keys refuses every token. Each test has its own bot, so no other test's refresh
/// counts against the minimum time between refreshes.
/// </summary>
public sealed class SigningKeyRefreshTests : IAsyncLifetime
{
    private OpenIdTestServer _openId = null!;
    private FakeConnector _connector = null!;
    private TestKey _teamsKey = null!;

    private Uri ServiceUrl => _connector.ServiceUrl;

    public async Task InitializeAsync()
    {
        _openId = await OpenIdTestServer.StartAsync();
        _connector = await FakeConnector.StartAsync();
        _teamsKey = _openId.AddKey("key-teams", true, "msteams", "emulator");
    }

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        await _openId.DisposeAsync();
    }

    [Fact]
    public async Task KeyPublishedAfterTheKeysWereRead_IsFoundByRefreshingOnTheUnknownKid()
    {
        await using var bot = TeamsBotFactory.Authenticated(_openId);
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(Activities.PersonalMessage(ServiceUrl, "help"), Token(_teamsKey))).StatusCode);
        var rolled = _openId.AddKey("key-rolled-" + Guid.NewGuid().ToString("N")[..6], publish: false, "msteams");
        _openId.Publish(rolled);

        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(Activities.PersonalMessage(ServiceUrl, "help"), Token(rolled))).StatusCode);
        Assert.Equal(2, _openId.MetadataReads);
    }

    [Fact]
    public async Task UnknownKids_ReadTheKeysAgainAtMostOncePerMinimumRefresh()
    {
        await using var bot = TeamsBotFactory.Authenticated(_openId);
        bot.Settings["Teams:SigningKeysMinimumRefresh"] = "01:00:00";
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(Activities.PersonalMessage(ServiceUrl, "help"), Token(_teamsKey))).StatusCode);
        var readsAfterStart = _openId.MetadataReads;

        for (var i = 0; i < 5; i++)
        {
            var forged = _openId.AddKey("key-forged-" + i, publish: false, "msteams");
            Assert.Equal(HttpStatusCode.Unauthorized, (await bot.PostAsync(Activities.PersonalMessage(ServiceUrl, "help"), Token(forged))).StatusCode);
        }

        Assert.Equal(readsAfterStart + 1, _openId.MetadataReads);
    }

    [Fact]
    public async Task KeysThatCannotBeRead_RefuseEveryToken()
    {
        await using var bot = TeamsBotFactory.Authenticated(_openId);
        bot.Settings["Teams:OpenIdMetadataUrl"] = "http://127.0.0.1:9/v1/.well-known/openidconfiguration";

        var response = await bot.PostAsync(Activities.PersonalMessage(ServiceUrl, "help"), Token(_teamsKey));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_connector.Calls);
    }

    private string Token(TestKey key) => OpenIdTestServer.CreateToken(key, TeamsBotFactory.AppId, ServiceUrl.AbsoluteUri);
}
