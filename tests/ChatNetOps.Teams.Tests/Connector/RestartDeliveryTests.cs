namespace ChatNetOps.Teams.Tests.Connector;

using System.Net;
using ChatNetOps.Teams.Tests.Infrastructure;

/// <summary>
/// A request made in Teams, then the bot restarts before its result arrives: with no new activity from the
/// conversation, the restarted bot still updates the request card and posts the result, at the serviceUrl the first
/// process saved. (Also what a second bot replica sees for a conversation it never heard from.)
/// </summary>
public sealed class RestartDeliveryTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatnetops-teams-restart-" + Guid.NewGuid().ToString("N"));
    private OpenIdTestServer _openId = null!;
    private FakeConnector _connector = null!;
    private TestKey _key = null!;

    public async Task InitializeAsync()
    {
        _openId = await OpenIdTestServer.StartAsync();
        _connector = await FakeConnector.StartAsync();
        _key = _openId.AddKey("key-teams", true, "msteams");
    }

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        await _openId.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task ResultAfterARestart_ReachesTheConversation_WithoutAnyNewActivity()
    {
        var activity = Activities.PersonalMessage(_connector.ServiceUrl, "verify-ospf device=dist-sw-01");
        var conversation = activity["conversation"]!["id"]!.GetValue<string>();
        var activitiesPath = $"v3/conversations/{conversation}/activities";

        // Before the restart: the request is queued (no worker in this process) and its card is posted.
        string cardId;
        await using (var before = Bot(embeddedWorker: false))
        {
            Assert.Equal(HttpStatusCode.OK, (await before.PostSignedAsync(activity, _key, _connector.ServiceUrl)).StatusCode);
            var queued = await _connector.WaitForAsync(c => c.Method == "POST" && c.Path.EndsWith(activitiesPath, StringComparison.Ordinal) && c.CardText.Contains("Queued", StringComparison.Ordinal));
            cardId = _connector.IdOf(queued);
        }

        var callsBeforeRestart = _connector.Calls.Count;

        // After the restart: a worker runs the queued job; nobody in the conversation says anything.
        await using var after = Bot(embeddedWorker: true);
        _ = after.Server;
        var updated = await _connector.WaitForAsync(c => c.Method == "PUT" && c.Path.EndsWith($"{activitiesPath}/{cardId}", StringComparison.Ordinal) && c.CardText.Contains("Succeeded", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var result = await _connector.WaitForAsync(c => c.Method == "POST" && c.Path.EndsWith(activitiesPath, StringComparison.Ordinal) && c.CardText.Contains("Verify OSPF: Succeeded", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        Assert.Equal("Bearer test-bot-token", updated.Authorization);
        Assert.Equal("Bearer test-bot-token", result.Authorization);
        Assert.True(_connector.Calls.Count > callsBeforeRestart);
    }

    private TeamsBotFactory Bot(bool embeddedWorker)
    {
        var factory = TeamsBotFactory.Authenticated(_openId);
        factory.Settings["Storage:Sqlite:Path"] = Path.Combine(_directory, "bot.db");
        factory.Settings["Worker:Embedded"] = embeddedWorker ? "true" : "false";
        return factory;
    }
}
