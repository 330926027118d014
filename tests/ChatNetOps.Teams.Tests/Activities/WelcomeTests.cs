namespace ChatNetOps.Teams.Tests.Activities;

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Teams.Activities;
using ChatNetOps.Teams.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The welcome on install: Teams sends installationUpdate and conversationUpdate for one install at the same time, and
/// behind a load balancer they reach different replicas. Two real bot hosts share one SQLite chat state store here.
/// </summary>
public sealed class WelcomeTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatnetops-welcome-" + Guid.NewGuid().ToString("N"));
    private OpenIdTestServer _openId = null!;
    private FakeConnector _connector = null!;
    private TestKey _key = null!;
    private TeamsBotFactory _first = null!;
    private TeamsBotFactory _second = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _openId = await OpenIdTestServer.StartAsync();
        _connector = await FakeConnector.StartAsync();
        _key = _openId.AddKey("key-teams", true, "msteams");
        _first = Replica();
        _second = Replica();
        _ = _first.Server;
        _ = _second.Server;
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _connector.DisposeAsync();
        await _openId.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task InstallAndMembersAdded_AtOnceOnTwoReplicas_WelcomeOnce_AndAReinstallSoonAfterStaysQuiet()
    {
        var conversation = "a:1welcome-" + Guid.NewGuid().ToString("N")[..8];

        var answers = await Task.WhenAll(
            _first.PostSignedAsync(Install(conversation), _key, _connector.ServiceUrl),
            _second.PostSignedAsync(MembersAdded(conversation), _key, _connector.ServiceUrl));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(HttpStatusCode.OK, (await _second.PostSignedAsync(Install(conversation), _key, _connector.ServiceUrl)).StatusCode);

        // Each POST is answered after its welcome (if any) was delivered, so every welcome is in by now.
        var posts = _connector.Calls.Where(c => c.Method == "POST" && c.Path.Contains(conversation, StringComparison.Ordinal)).ToList();
        Assert.Single(posts, p => p.Summary == WelcomeHandler.WelcomeText);
        Assert.Single(posts, p => p.CardText.Contains("ChatNetOps help", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("groupChat", "19:groupwelcome@thread.v2", null, "NOC Group", "NOC Group")]
    [InlineData("channel", "19:channelprobe@thread.tacv2", "Network Ops", "INC-1001 core outage", "Network Ops › INC-1001 core outage")]
    public async Task ConversationNamedOnInstall_IsKnownByNameForTheMessagesThatFollow(string type, string id, string? team, string name, string expected)
    {
        var install = Install(id);
        install["conversation"] = new JsonObject { ["id"] = id, ["conversationType"] = type, ["isGroup"] = true, ["tenantId"] = TeamsBotFactory.TenantId, ["name"] = name };
        if (team is not null)
        {
            install["channelData"] = new JsonObject
            {
                ["tenant"] = new JsonObject { ["id"] = TeamsBotFactory.TenantId },
                ["team"] = new JsonObject { ["id"] = Activities.TeamId, ["name"] = team },
                ["channel"] = new JsonObject { ["id"] = id },
            };
        }

        Assert.Equal(HttpStatusCode.OK, (await _first.PostSignedAsync(install, _key, _connector.ServiceUrl)).StatusCode);

        // A later message names nothing; the other replica still knows the name from the shared store.
        var message = type == "channel"
            ? Activities.ChannelMessage(_connector.ServiceUrl, "help", Activities.Pat)
            : Activities.PersonalMessage(_connector.ServiceUrl, "help");
        if (type != "channel")
        {
            message["conversation"] = new JsonObject { ["id"] = id, ["conversationType"] = type, ["isGroup"] = true, ["tenantId"] = TeamsBotFactory.TenantId };
        }

        var activity = JsonSerializer.Deserialize(message.ToJsonString(), TeamsJsonContext.Default.TeamsActivity)!;
        var named = await _second.Services.GetRequiredService<TeamsConversationNames>().NameAsync(activity, TeamsConversation.From(activity)!, CancellationToken.None);

        Assert.Equal(expected, named.Name);
        Assert.Equal(expected, named.ToReference().Name);
    }

    private TeamsBotFactory Replica()
    {
        var bot = TeamsBotFactory.Authenticated(_openId);
        bot.Settings["Storage:Sqlite:Path"] = Path.Combine(_directory, "shared.db");
        return bot;
    }

    private JsonObject Install(string conversation)
    {
        var activity = Activities.PersonalMessage(_connector.ServiceUrl, string.Empty);
        activity.Remove("text");
        activity.Remove("textFormat");
        activity["type"] = "installationUpdate";
        activity["action"] = "add";
        activity["conversation"] = new JsonObject { ["id"] = conversation, ["conversationType"] = "personal", ["tenantId"] = TeamsBotFactory.TenantId };
        return activity;
    }

    private JsonObject MembersAdded(string conversation)
    {
        var activity = Install(conversation);
        activity.Remove("action");
        activity["type"] = "conversationUpdate";
        activity["membersAdded"] = new JsonArray(
            new JsonObject { ["id"] = Activities.BotId },
            new JsonObject { ["id"] = Activities.Pat.Mri, ["aadObjectId"] = Activities.Pat.Aad });
        return activity;
    }
}
