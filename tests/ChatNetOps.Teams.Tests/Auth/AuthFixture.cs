namespace ChatNetOps.Teams.Tests.Auth;

using ChatNetOps.Teams.Tests.Infrastructure;

/// <summary>One bot with authentication on, its OpenID/JWKS server and a fake Connector, shared by the auth tests.</summary>
public sealed class AuthFixture : IAsyncLifetime
{
    public OpenIdTestServer OpenId { get; private set; } = null!;

    public FakeConnector Connector { get; private set; } = null!;

    public TeamsBotFactory Bot { get; private set; } = null!;

    public TestKey TeamsKey { get; private set; } = null!;

    public TestKey SlackOnlyKey { get; private set; } = null!;

    public TestKey UnendorsedKey { get; private set; } = null!;

    /// <summary>A Bot Connector key endorsed for Web Chat only: same app id, same issuer, another channel.</summary>
    public TestKey WebChatKey { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        OpenId = await OpenIdTestServer.StartAsync();
        Connector = await FakeConnector.StartAsync();
        TeamsKey = OpenId.AddKey("key-teams", true, "msteams", "emulator");
        SlackOnlyKey = OpenId.AddKey("key-slack", true, "slack");
        UnendorsedKey = OpenId.AddKey("key-plain", true);
        WebChatKey = OpenId.AddKey("key-webchat", true, "webchat", "directline");
        Bot = TeamsBotFactory.Authenticated(OpenId);
        _ = Bot.Server;
    }

    public async Task DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Connector.DisposeAsync();
        await OpenId.DisposeAsync();
    }
}
